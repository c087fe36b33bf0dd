using Agent42.Core.Security;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Security;

/// <summary>The sandbox against a real directory tree: what the OS resolves is what is under test.</summary>
[TestFixture]
internal sealed class WorkspaceSandboxTests
{
    [Test]
    public void ResolvePath_WhenPathIsRelativeInside_ReturnsTheFullPathUnderTheRoot()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var file = temp.Write(Path.Combine("ws", "src", "a.txt"), "a");

        Assert.That(sandbox.ResolvePath("src/a.txt"), Is.EqualTo(file));
        Assert.That(sandbox.Root, Is.EqualTo(workspace));
    }

    [Test]
    public void ResolvePath_WhenPathIsAbsoluteInside_ReturnsIt()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);
        var file = temp.Write(Path.Combine("ws", "a.txt"), "a");

        Assert.That(sandbox.ResolvePath(file), Is.EqualTo(file));
    }

    [Test]
    public void ResolvePath_WhenFileDoesNotExistYet_ReturnsThePathSoItCanBeWritten()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);

        Assert.That(sandbox.ResolvePath("new/dir/file.txt"), Is.EqualTo(Path.Combine(workspace, "new", "dir", "file.txt")));
    }

    [Test]
    public void ResolvePath_WhenDotDotStaysInside_ReturnsTheNormalizedPath()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);

        Assert.That(sandbox.ResolvePath("src/../b.txt"), Is.EqualTo(Path.Combine(workspace, "b.txt")));
    }

    [Test]
    public void ResolvePath_WhenDirectoryIsNamedLikeASystemDirectory_AllowsItInsideTheWorkspace()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);

        Assert.That(sandbox.ResolvePath("proc/notes.txt"), Is.EqualTo(Path.Combine(workspace, "proc", "notes.txt")));
        Assert.That(sandbox.ResolvePath("console.log"), Is.EqualTo(Path.Combine(workspace, "console.log")));
    }

    [Test]
    public void TryResolvePath_WhenDotDotLeavesTheWorkspace_RefusesNamingDotDot()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);
        temp.Write("secret.txt", "s");

        AssertRefused(sandbox, "../secret.txt", "'..'");
        AssertRefused(sandbox, "src/../../secret.txt", "'..'");
    }

    [Test]
    public void TryResolvePath_WhenAbsolutePathIsOutside_RefusesNamingTheWorkspace()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var outside = temp.Write("secret.txt", "s");

        AssertRefused(sandbox, outside, $"outside the workspace '{workspace}'");
    }

    [Test]
    public void TryResolvePath_WhenAbsolutePathIsInASiblingSharingTheRootsPrefix_Refuses()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);
        var sibling = temp.Write(Path.Combine("ws-evil", "secret.txt"), "s");

        AssertRefused(sandbox, sibling, "outside the workspace");
    }

    [Test]
    public void TryResolvePath_WhenFileSymlinkPointsOutside_RefusesNamingTheTarget()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var outside = temp.Write("secret.txt", "s");
        File.CreateSymbolicLink(Path.Combine(workspace, "link.txt"), outside);

        AssertRefused(sandbox, "link.txt", $"symlink, or lies under one, that points outside the workspace (to '{outside}')");
    }

    [Test]
    public void TryResolvePath_WhenDirectorySymlinkPointsOutside_Refuses()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var outsideDir = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(workspace, "out"), outsideDir);

        AssertRefused(sandbox, "out", "points outside the workspace");
    }

    [Test]
    public void TryResolvePath_WhenASymlinkInTheMiddleOfThePathPointsOutside_Refuses()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        temp.Write(Path.Combine("outside", "deep", "secret.txt"), "s");
        Directory.CreateDirectory(Path.Combine(workspace, "a"));
        Directory.CreateSymbolicLink(Path.Combine(workspace, "a", "b"), temp.Combine("outside"));

        AssertRefused(sandbox, "a/b/deep/secret.txt", "points outside the workspace");
        AssertRefused(sandbox, "a/b/deep/new-file.txt", "points outside the workspace");
    }

    [Test]
    public void TryResolvePath_WhenRelativeSymlinkClimbsOutside_Refuses()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        temp.Write("secret.txt", "s");
        File.CreateSymbolicLink(Path.Combine(workspace, "rel.txt"), "../secret.txt");

        AssertRefused(sandbox, "rel.txt", "points outside the workspace");
    }

    [Test]
    public void TryResolvePath_WhenDanglingSymlinkPointsOutside_RefusesSoAWriteCannotCreateAFileOutside()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var missing = temp.Combine("not-yet.txt");
        File.CreateSymbolicLink(Path.Combine(workspace, "dangling.txt"), missing);

        AssertRefused(sandbox, "dangling.txt", $"(to '{missing}')");
        Assert.That(File.Exists(missing), Is.False);
    }

    [Test]
    public void ResolvePath_WhenSymlinkPointsInside_ReturnsTheTarget()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        var target = temp.Write(Path.Combine("ws", "real", "a.txt"), "a");
        File.CreateSymbolicLink(Path.Combine(workspace, "alias.txt"), target);
        Directory.CreateSymbolicLink(Path.Combine(workspace, "alias-dir"), Path.Combine(workspace, "real"));

        Assert.That(sandbox.ResolvePath("alias.txt"), Is.EqualTo(target));
        Assert.That(sandbox.ResolvePath("alias-dir/a.txt"), Is.EqualTo(target));
    }

    [Test]
    public void TryResolvePath_WhenSymlinksFormALoop_RefusesNamingTheLoop()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);
        File.CreateSymbolicLink(Path.Combine(workspace, "a"), Path.Combine(workspace, "b"));
        File.CreateSymbolicLink(Path.Combine(workspace, "b"), Path.Combine(workspace, "a"));
        File.CreateSymbolicLink(Path.Combine(workspace, "self"), Path.Combine(workspace, "self"));

        AssertRefused(sandbox, "a", "symlink loop");
        AssertRefused(sandbox, "self/file.txt", "symlink loop");
    }

    [Test]
    public void TryResolvePath_WhenPathHasANulByte_RefusesNamingTheNulByte()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        AssertRefused(sandbox, "a.txt\0.png", "NUL byte");
    }

    [TestCase("/dev/null")]
    [TestCase("/dev/sda")]
    [TestCase("/proc/self/environ")]
    [TestCase("/sys/kernel")]
    [TestCase("/dev")]
    [TestCase(@"\\.\PhysicalDrive0")]
    [TestCase(@"\\?\C:\Windows")]
    [TestCase("//./PhysicalDrive0")]
    public void TryResolvePath_WhenPathIsADevicePath_RefusesAsDevice(string path)
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        AssertRefused(sandbox, path, "device or system path");
    }

    [TestCase("NUL")]
    [TestCase("con")]
    [TestCase("CON.txt")]
    [TestCase("sub/COM1")]
    [TestCase("aux.log")]
    [Platform("Win")]
    public void TryResolvePath_OnWindows_WhenFileNameIsAWindowsDeviceName_Refuses(string path)
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        AssertRefused(sandbox, path, "names a device");
    }

    // Issue 11: only Windows opens a device for these names; elsewhere they are ordinary files (aux.c is real C code).
    [TestCase("NUL")]
    [TestCase("con.txt")]
    [TestCase("aux.c")]
    [Platform(Exclude = "Win")]
    public void TryResolvePath_OffWindows_WhenFileNameIsAWindowsDeviceName_AllowsIt(string path)
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);

        Assert.That(sandbox.ResolvePath(path), Is.EqualTo(Path.Combine(workspace, path)));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void TryResolvePath_WhenPathIsEmpty_RefusesAsEmpty(string path)
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        AssertRefused(sandbox, path, "is empty");
    }

    [Test]
    public void ResolvePath_WhenRefused_ThrowsSandboxViolationNamingThePathAndTheReason()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        var ex = Assert.Throws<SandboxViolationException>(() => sandbox.ResolvePath("../../etc/passwd"));

        Assert.That(ex.Path, Is.EqualTo("../../etc/passwd"));
        Assert.That(ex.Message, Does.Contain("'../../etc/passwd'").And.Contain("leads outside the workspace by '..'"));
        Assert.That(ex.Reason, Is.EqualTo("leads outside the workspace by '..'"));
    }

    [Test]
    public void ResolvePath_WhenPathHasANulByte_ThrowsWithAPrintableMessage()
    {
        using var temp = new TempDirectory();
        var (sandbox, _) = CreateSut(temp);

        var ex = Assert.Throws<SandboxViolationException>(() => sandbox.ResolvePath("a\0b"));

        Assert.That(ex.Message, Does.Contain(@"'a\0b'").And.Contain("NUL byte"));
        Assert.That(ex.Message, Does.Not.Contain('\0'));
    }

    [Test]
    public void ToRelativePath_ReturnsForwardSlashedPathFromTheRoot()
    {
        using var temp = new TempDirectory();
        var (sandbox, workspace) = CreateSut(temp);

        Assert.That(sandbox.ToRelativePath(Path.Combine(workspace, "src", "a.txt")), Is.EqualTo("src/a.txt"));
        Assert.That(sandbox.ToRelativePath(workspace), Is.EqualTo("."));
    }

    [Test]
    public void Constructor_WhenRootIsASymlink_UsesTheResolvedRoot()
    {
        using var temp = new TempDirectory();
        var real = Directory.CreateDirectory(temp.Combine("real")).FullName;
        var link = temp.Combine("link");
        Directory.CreateSymbolicLink(link, real);

        var sandbox = new WorkspaceSandbox(link);

        Assert.That(sandbox.Root, Is.EqualTo(real));
        Assert.That(sandbox.ResolvePath(Path.Combine(link, "a.txt")), Is.EqualTo(Path.Combine(real, "a.txt")));
    }

    [Test]
    public void Constructor_WhenRootDoesNotExist_ThrowsNamingIt()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("missing");

        Assert.That(() => new WorkspaceSandbox(missing),
            Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contain(missing));
    }

    private static (WorkspaceSandbox Sandbox, string Workspace) CreateSut(TempDirectory temp)
    {
        var workspace = Directory.CreateDirectory(temp.Combine("ws")).FullName;
        return (new WorkspaceSandbox(workspace), workspace);
    }

    private static void AssertRefused(WorkspaceSandbox sandbox, string path, string reasonFragment)
    {
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.TryResolvePath(path, out var fullPath, out var violation), Is.False, $"'{path}' was allowed");
            Assert.That(fullPath, Is.Empty);
            Assert.That(violation, Does.Contain(reasonFragment));
            Assert.That(() => sandbox.ResolvePath(path), Throws.TypeOf<SandboxViolationException>()
                .With.Message.Contain($"'{path.Replace("\0", "\\0", StringComparison.Ordinal)}'")
                .And.Message.Contain(reasonFragment));
        });
    }
}
