using System.Runtime.Versioning;
using Agent42.Core.Security;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>
/// What a workspace can hold that leads outside it or hangs a tool, against real files: hard links, FIFOs, device
/// nodes, bind mounts, symlinks to devices, absurd paths. Each case runs with openat2 and with the openat walk.
/// </summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
[TestFixture(false)]
[TestFixture(true)]
public sealed class HandleRefusalTests : BuiltInToolFixture
{
    private readonly bool _walk;
    private readonly TempDirectory _outside = new();

    public HandleRefusalTests(bool walk)
    {
        _walk = walk;
        Sandbox = CreateSandbox(options: Strict());
    }

    [TearDown]
    public void RemoveOutside() => _outside.Dispose();

    [Test]
    public void Sandbox_OpensByHandle() => Assert.That(Sandbox.OpensByHandle, Is.True);

    [Test]
    public async Task ReadFile_HardLinkToAnOutsideFile_IsRefusedUnlessHardLinksAreAllowed()
    {
        var secret = _outside.Write("secret.txt", "outside secret");
        Posix.HardLink(secret, Workspace.Combine("linked.txt"));
        using var lenient = CreateSandbox(options: new WorkspaceSandboxOptions { AllowHardLinks = true, ResolveByWalk = _walk });

        var strict = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "linked.txt" });
        var allowed = await CallAsync(new ReadFileTool(lenient, Options), new { path = "linked.txt" });
        var grep = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "secret" });

        Assert.Multiple(() =>
        {
            Assert.That(strict.Error, Is.EqualTo("Sandbox violation: 'linked.txt' has 2 hard links, so it may be a file from outside the workspace (FILE_TOOLS_ALLOW_HARDLINKS=true lifts it)"));
            Assert.That(allowed.Output, Is.EqualTo("outside secret"));
            Assert.That(grep.Output, Is.EqualTo("(no matches)\n"));
        });
    }

    [Test]
    public async Task ReadAndGrep_AFifo_AreRefusedWithoutBlocking()
    {
        Posix.MakeFifo(Workspace.Combine("pipe"));
        Workspace.Write("a.txt", "needle\n");

        // Nothing ever writes to the FIFO: a blocking open or read would never return. The wait is only a guard
        // so a regression fails instead of hanging the run.
        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "pipe" }).WaitAsync(TimeSpan.FromSeconds(60));
        var edit = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "pipe", old_string = "a", new_string = "b" }).WaitAsync(TimeSpan.FromSeconds(60));
        var grep = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "needle" }).WaitAsync(TimeSpan.FromSeconds(60));
        var grepFifo = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "needle", path = "pipe" }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(read.Error, Is.EqualTo("Sandbox violation: 'pipe' is a FIFO, not a regular file"));
            Assert.That(edit.Error, Is.EqualTo("Sandbox violation: 'pipe' is a FIFO, not a regular file"));
            Assert.That(grep.Output, Is.EqualTo("a.txt:1: needle\n"));
            Assert.That(grepFifo.Error, Does.Contain("is a FIFO"));
        });
    }

    [Test]
    public async Task ReadFile_ACharacterDeviceNodeInTheWorkspace_IsRefusedWithoutReading()
    {
        if (!Posix.TryRun("mknod", out var error, Workspace.Combine("zero"), "c", "1", "5"))
        {
            Assert.Ignore($"mknod is not permitted here, so a device node cannot be made: {error}");
        }

        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "zero" });

        Assert.That(read.Error, Is.EqualTo("Sandbox violation: 'zero' is a character device, not a regular file"));
    }

    [Test]
    public async Task ReadFile_ASymlinkToDevZero_IsRefusedAsALink()
    {
        File.CreateSymbolicLink(Workspace.Combine("zero"), "/dev/zero");
        Directory.CreateDirectory(Workspace.Combine("d"));
        File.CreateSymbolicLink(Workspace.Combine("d", "zero"), "/dev/zero");

        var top = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "zero" });
        var nested = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "d/zero" });

        Assert.Multiple(() =>
        {
            Assert.That(top.Error, Does.StartWith("Sandbox violation: 'zero'").And.Contain("symlink"));
            Assert.That(nested.Error, Does.StartWith("Sandbox violation: 'd/zero'").And.Contain("symlink"));
        });
    }

    [Test]
    public async Task FileTools_ASymlinkedDirectoryInside_AreRefusedThoughItPointsInside()
    {
        Workspace.Write("real/a.txt", "a");
        Directory.CreateSymbolicLink(Workspace.Combine("alias"), Workspace.Combine("real"));

        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "alias/a.txt" });
        var write = await CallAsync(new WriteFileTool(Sandbox), new { path = "alias/b.txt", content = "b" });
        var list = await CallAsync(new ListDirTool(Sandbox), new { path = "alias" });

        Assert.Multiple(() =>
        {
            Assert.That(read.Error, Is.EqualTo("Sandbox violation: 'alias/a.txt' is a symlink, or lies under one (the file tools follow no links)"));
            Assert.That(write.Error, Does.StartWith("Sandbox violation: 'alias/b.txt'"));
            Assert.That(list.Error, Does.StartWith("Sandbox violation: 'alias'"));
            Assert.That(File.Exists(Workspace.Combine("real", "b.txt")), Is.False);
        });
    }

    [Test]
    public async Task WriteFile_OverASymlinkToAnOutsideFile_IsRefusedAndLeavesTheOutsideFile()
    {
        var target = _outside.Write("target.txt", "original");
        File.CreateSymbolicLink(Workspace.Combine("out.txt"), target);

        var write = await CallAsync(new WriteFileTool(Sandbox), new { path = "out.txt", content = "pwned" });
        var edit = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "out.txt", old_string = "original", new_string = "pwned" });

        Assert.Multiple(() =>
        {
            Assert.That(write.Error, Is.EqualTo("Sandbox violation: 'out.txt' is a symlink (the file tools follow no links)"));
            Assert.That(edit.Success, Is.False);
            Assert.That(File.ReadAllText(target), Is.EqualTo("original"));
        });
    }

    [Test]
    public async Task FileTools_ABindMountOfAnOutsideDirectory_AreRefused()
    {
        _outside.Write("secret.txt", "outside secret\n");
        var mountPoint = Directory.CreateDirectory(Workspace.Combine("mnt")).FullName;
        if (!Posix.TryRun("mount", out var error, "--bind", _outside.Path, mountPoint))
        {
            Assert.Ignore($"mount --bind is not permitted here (needs CAP_SYS_ADMIN): {error}");
        }

        try
        {
            var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "mnt/secret.txt" });
            var write = await CallAsync(new WriteFileTool(Sandbox), new { path = "mnt/new.txt", content = "x" });
            var list = await CallAsync(new ListDirTool(Sandbox), new { path = "mnt" });
            var grep = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "secret" });

            Assert.Multiple(() =>
            {
                Assert.That(read.Error, Does.StartWith("Sandbox violation: 'mnt/secret.txt'").And.Contain("mount"));
                Assert.That(write.Error, Does.StartWith("Sandbox violation: 'mnt/new.txt'").And.Contain("mount"));
                Assert.That(list.Error, Does.StartWith("Sandbox violation: 'mnt'").And.Contain("mount"));
                Assert.That(grep.Output, Is.EqualTo("(no matches)\n"));
                Assert.That(File.Exists(Path.Combine(_outside.Path, "new.txt")), Is.False);
            });
        }
        finally
        {
            Posix.Run("umount", mountPoint);
        }
    }

    [Test]
    public async Task FileTools_ABindMountedFile_IsRefused()
    {
        var secret = _outside.Write("secret.txt", "outside secret\n");
        var mountPoint = Workspace.Write("decoy.txt", "inside\n");
        if (!Posix.TryRun("mount", out var error, "--bind", secret, mountPoint))
        {
            Assert.Ignore($"mount --bind is not permitted here (needs CAP_SYS_ADMIN): {error}");
        }

        try
        {
            var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "decoy.txt" });

            Assert.That(read.Error, Does.StartWith("Sandbox violation: 'decoy.txt'").And.Contain("mount"));
        }
        finally
        {
            Posix.Run("umount", mountPoint);
        }
    }

    [Test]
    public async Task ReadFile_APathOfFortyThousandComponents_IsRefusedAtOnce()
    {
        var path = string.Concat(Enumerable.Repeat("a/", 40_000)) + "x";
        var longName = new string('n', 5_000);

        var deep = await CallAsync(new ReadFileTool(Sandbox, Options), new { path });
        var tooLong = await CallAsync(new WriteFileTool(Sandbox), new { path = longName, content = "x" });

        Assert.Multiple(() =>
        {
            Assert.That(deep.Error, Does.EndWith("is longer than 4096 bytes (PATH_MAX)"));
            Assert.That(tooLong.Error, Does.EndWith("is longer than 4096 bytes (PATH_MAX)"));
        });
    }

    [Test]
    public async Task WriteFile_WindowsDeviceNames_AreOrdinaryFilesHere()
    {
        var result = await CallAsync(new WriteFileTool(Sandbox), new { path = "aux.c", content = "int main(void) { return 0; }" });

        Assert.That(File.ReadAllText(Workspace.Combine("aux.c")), Is.EqualTo("int main(void) { return 0; }"), result.Error);
    }

    [Test]
    public void TextFiles_AFileLongerThanItsReportedSize_IsCutByBytesRead()
    {
        // A device, a /proc file or a file that grows while it is read reports less than a read returns; the handle
        // here claims 0 bytes for a 5 KB file.
        var path = Workspace.Write("grows.txt", new string('x', 5 * 1024));
        using var file = new Agent42.Core.Security.Handles.OpenedFile(File.OpenRead(path), reportedSize: 0, "grows.txt");

        var read = TextFiles.TryRead(file, "grows.txt", Options.FileMaxReadKb, out var text, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(error, Is.EqualTo("'grows.txt' is over the 4 KB limit (FILE_MAX_READ_KB)"));
            Assert.That(file.Stream.Position, Is.EqualTo(4 * 1024 + 1), "read one byte past the cap, no more");
            Assert.That(text, Is.Empty);
        });
    }

    [Test]
    public async Task WriteFile_CreatesParentsByHandle_AndLeavesNoTempFile()
    {
        var result = await CallAsync(new WriteFileTool(Sandbox), new { path = "a/b/c/file.txt", content = "x" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Is.EqualTo("Wrote 1 bytes to a/b/c/file.txt"));
            Assert.That(Directory.GetFiles(Workspace.Combine("a", "b", "c")), Is.EqualTo(new[] { Workspace.Combine("a", "b", "c", "file.txt") }));
        });
    }

    [Test]
    public async Task EditFile_AnExecutableScript_StaysExecutable()
    {
        var script = Workspace.Write("run.sh", "#!/bin/sh\necho one\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "run.sh", old_string = "one", new_string = "two" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True, result.Error);
            Assert.That(File.ReadAllText(script), Does.Contain("echo two"));
            Assert.That(File.GetUnixFileMode(script), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        });
    }

    [Test]
    public void GrepAndListDir_WhenCancelled_Stop()
    {
        for (var i = 0; i < 50; i++)
        {
            Workspace.Write($"d{i % 5}/f{i}.txt", "needle\n");
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var arguments = System.Text.Json.JsonSerializer.SerializeToElement(new { pattern = "needle" });
        var listArguments = System.Text.Json.JsonSerializer.SerializeToElement(new { recursive = true });

        Assert.Multiple(() =>
        {
            Assert.That(async () => await new GrepTool(Sandbox, Options).ExecuteAsync(arguments, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(async () => await new ListDirTool(Sandbox).ExecuteAsync(listArguments, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        });
    }

    private WorkspaceSandboxOptions Strict() => new() { ResolveByWalk = _walk };
}
