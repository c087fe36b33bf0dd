using Agent42.Core.Security;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Security;

/// <summary>The file operations a plugin tool reaches files through.</summary>
public sealed class WorkspaceSandboxFileTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private WorkspaceSandbox CreateSut() => new(_workspace.Path);

    [Test]
    public async Task WriteThenRead_RoundTripsInsideTheWorkspace()
    {
        var sut = CreateSut();

        await sut.WriteAllTextAsync("out/notes.txt", "hello");

        Assert.Multiple(async () =>
        {
            Assert.That(await sut.ReadAllTextAsync("out/notes.txt"), Is.EqualTo("hello"));
            Assert.That(File.ReadAllText(_workspace.Combine("out", "notes.txt")), Is.EqualTo("hello"));
            Assert.That(sut.FileExists("out/notes.txt"), Is.True);
            Assert.That(sut.DirectoryExists("out"), Is.True);
        });
    }

    [Test]
    public void ReadAndWrite_OutsideTheWorkspace_ThrowSandboxViolation()
    {
        var sut = CreateSut();

        Assert.Multiple(() =>
        {
            Assert.That(() => sut.ReadAllTextAsync("../secret"), Throws.TypeOf<SandboxViolationException>());
            Assert.That(() => sut.WriteAllTextAsync("/tmp/elsewhere.txt", "x"), Throws.TypeOf<SandboxViolationException>());
            Assert.That(sut.FileExists("../secret"), Is.False);
            Assert.That(sut.DirectoryExists(".."), Is.False);
        });
    }

    [Test]
    public void ListFiles_ReturnsSortedRelativePaths_AndDoesNotFollowSymlinkedDirectories()
    {
        using var outside = new TempDirectory();
        outside.Write("leak.cs", "");
        _workspace.Write("b.cs", "");
        _workspace.Write("a.txt", "");
        _workspace.Write("sub/c.cs", "");
        Directory.CreateSymbolicLink(_workspace.Combine("link"), outside.Path);
        var sut = CreateSut();

        Assert.Multiple(() =>
        {
            Assert.That(sut.ListFiles("."), Is.EqualTo(new[] { "a.txt", "b.cs" }));
            Assert.That(sut.ListFiles(".", "*.cs", recursive: true), Is.EqualTo(new[] { "b.cs", "sub/c.cs" }));
        });
    }
}
