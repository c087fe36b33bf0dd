using System.Text;
using Agent42.Core.Plugins.Sources;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins.Sources;

public sealed class PluginFileReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Read_ReturnsTextAndAHashOfTheBytes_StrippingABom()
    {
        var path = _dir.Combine("a.cs");
        File.WriteAllText(path, "class A {}", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var sut = new PluginFileReader(512);

        var first = sut.Read(path).File!;
        File.WriteAllText(path, "class B {}");
        var second = sut.Read(path).File!;

        Assert.Multiple(() =>
        {
            Assert.That(first.Text, Is.EqualTo("class A {}"));
            Assert.That(first.Hash, Has.Length.EqualTo(64));
            Assert.That(second.Hash, Is.Not.EqualTo(first.Hash));
        });
    }

    [Test]
    public void Read_TheSameBytesTwice_GivesTheSameHash()
    {
        var path = _dir.Write("a.cs", "class A {}");
        var sut = new PluginFileReader(512);
        var first = sut.Read(path).File!.Hash;

        var second = sut.Read(path).File!.Hash;

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Read_AMissingFile_SaysMissing()
    {
        Assert.That(new PluginFileReader(512).Read(_dir.Combine("gone.cs")).IsMissing, Is.True);
    }

    [Test]
    public void Read_AnOversizeFile_IsRejectedWithTheLimit()
    {
        var path = _dir.Write("big.cs", new string('x', 3 * 1024));

        var result = new PluginFileReader(2).Read(path);

        Assert.That(result.Error, Is.EqualTo("is 3 KB, over the 2 KB limit (PLUGIN_MAX_FILE_KB)"));
    }

    [Test]
    public void Read_ANonUtf8File_IsRejectedWithTheOffset()
    {
        var path = _dir.Combine("latin1.cs");
        File.WriteAllBytes(path, [(byte)'/', (byte)'/', 0xE9, (byte)'\n']);

        var result = new PluginFileReader(512).Read(path);

        Assert.That(result.Error, Is.EqualTo("is not UTF-8 text (invalid byte at offset 2); save it as UTF-8"));
    }

    [Test]
    public void Read_AnEmptyFile_IsReadAsEmptyText()
    {
        var path = _dir.Write("empty.cs", "");

        Assert.That(new PluginFileReader(512).Read(path).File!.Text, Is.Empty);
    }
}
