using Agent42.Core.Security;

namespace Agent42.Tests.Core.Security;

public sealed class WorkspacePathSyntaxTests
{
    [Test]
    public void Check_APathOfFortyThousandComponents_IsRefusedByLengthBeforeAnythingElse()
    {
        var path = string.Concat(Enumerable.Repeat("a/", 40_000)) + "x.txt";

        Assert.That(WorkspacePathSyntax.Check(path), Is.EqualTo("is longer than 4096 bytes (PATH_MAX)"));
    }

    [Test]
    public void Check_AShortPathOfTooManyComponents_IsRefused()
    {
        var path = string.Concat(Enumerable.Repeat("a/", 300)) + "x.txt";

        Assert.That(WorkspacePathSyntax.Check(path), Is.EqualTo("has more than 256 components"));
    }

    [Test]
    public void Check_APathLongerThanPathMaxInBytes_IsRefusedThoughItHasFewerCharacters()
    {
        // 1,500 three-byte characters: 4,500 bytes in UTF-8.
        var path = new string('€', 1_500);

        Assert.That(WorkspacePathSyntax.Check(path), Does.Contain("PATH_MAX"));
    }

    [Test]
    public void Check_AnOrdinaryDeepPath_IsAllowed() =>
        Assert.That(WorkspacePathSyntax.Check(string.Join('/', Enumerable.Repeat("d", 200)) + "/f.txt"), Is.Null);

    [TestCase("aux.c")]
    [TestCase("con.txt")]
    [TestCase("src/NUL")]
    [TestCase("lpt9.log")]
    [TestCase("com1/file.txt")]
    public void Check_WithWindowsRules_RefusesDeviceNames_AndWithoutThemAllowsThem(string path)
    {
        Assert.Multiple(() =>
        {
            Assert.That(WorkspacePathSyntax.Check(path, windowsDeviceNames: true), Is.EqualTo("names a device"));
            Assert.That(WorkspacePathSyntax.Check(path, windowsDeviceNames: false), Is.Null);
        });
    }

    [TestCase("auxiliary.c")]
    [TestCase("console.log")]
    public void Check_WithWindowsRules_AllowsNamesThatOnlyStartLikeADevice(string path) =>
        Assert.That(WorkspacePathSyntax.Check(path, windowsDeviceNames: true), Is.Null);
}
