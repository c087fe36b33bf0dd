using Agent42.Core.Security;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>
/// A second thread swaps a workspace folder for a symlink to an outside folder, and back, in a tight loop, while the
/// file tools read, write and edit through it. Whatever the interleaving, no call may return outside content or
/// change an outside file: a check of the path string followed by an open by name loses this race about one time
/// in five. The assertions hold for every interleaving; the swap count only shows the race was really run.
/// </summary>
[Platform("Linux")]
[TestFixture(false)]
[TestFixture(true)]
public sealed class SymlinkSwapRaceTests : BuiltInToolFixture
{
    private const int Iterations = 1_500;
    private readonly TempDirectory _outside = new();

    public SymlinkSwapRaceTests(bool walk) => Sandbox = CreateSandbox(options: new WorkspaceSandboxOptions { ResolveByWalk = walk });

    [TearDown]
    public void RemoveOutside() => _outside.Dispose();

    [Test]
    public async Task ReadFile_WhileAFolderIsSwappedForAnOutsideLink_NeverReturnsTheOutsideFile()
    {
        Workspace.Write("d/secret.txt", "inside");
        _outside.Write("secret.txt", "OUTSIDE");
        var tool = new ReadFileTool(Sandbox, Options);

        var outsideReads = 0;
        using (var swapper = FolderSwapper.Start(Workspace.Combine("d"), _outside.Path))
        {
            for (var i = 0; i < Iterations; i++)
            {
                var result = await CallAsync(tool, new { path = "d/secret.txt" });
                if (result.Output.Contains("OUTSIDE", StringComparison.Ordinal))
                {
                    outsideReads++;
                }
            }

            Assert.That(swapper.Swaps, Is.GreaterThan(0), "the folder was never swapped");
        }

        Assert.That(outsideReads, Is.Zero);
    }

    [Test]
    public async Task WriteFile_WhileAFolderIsSwappedForAnOutsideLink_NeverWritesOutside()
    {
        Directory.CreateDirectory(Workspace.Combine("d"));
        var tool = new WriteFileTool(Sandbox);

        using (var swapper = FolderSwapper.Start(Workspace.Combine("d"), _outside.Path))
        {
            for (var i = 0; i < Iterations; i++)
            {
                try
                {
                    await CallAsync(tool, new { path = "d/out.txt", content = "pwned" });
                }
                catch (IOException)
                {
                    // The folder vanished mid-write (the OS failing, reported as a tool failure): not a write outside.
                }
            }

            Assert.That(swapper.Swaps, Is.GreaterThan(0), "the folder was never swapped");
        }

        Assert.That(Directory.GetFileSystemEntries(_outside.Path), Is.Empty);
    }

    [Test]
    public async Task EditFile_WhileAFolderIsSwappedForAnOutsideLink_NeitherCopiesOutsideTextInNorChangesTheOutsideFile()
    {
        Workspace.Write("d/code.txt", "inside-A");
        var outsideFile = _outside.Write("code.txt", "outside-A");
        var tool = new EditFileTool(Sandbox, Options);

        using (var swapper = FolderSwapper.Start(Workspace.Combine("d"), _outside.Path))
        {
            for (var i = 0; i < Iterations; i++)
            {
                try
                {
                    await CallAsync(tool, new { path = "d/code.txt", old_string = "-A", new_string = "-A" });
                }
                catch (IOException)
                {
                    // As for write_file: a failure, not an escape.
                }
            }

            Assert.That(swapper.Swaps, Is.GreaterThan(0), "the folder was never swapped");
        }

        var inside = Directory.GetFiles(Workspace.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(outsideFile), Is.EqualTo("outside-A"));
            Assert.That(Directory.GetFiles(_outside.Path), Has.Length.EqualTo(1), "no temp file or new file outside");
            Assert.That(inside, Has.None.Contains("outside"));
        });
    }

    /// <summary>Swaps a real folder for a symlink to elsewhere and back until disposed, then leaves the real folder.</summary>
    private sealed class FolderSwapper : IDisposable
    {
        private readonly string _folder;
        private readonly string _aside;
        private readonly string _target;
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _swaps;

        private FolderSwapper(string folder, string target)
        {
            _folder = folder;
            _aside = folder + ".aside";
            _target = target;
            _thread = new Thread(Run) { IsBackground = true };
        }

        public int Swaps => Volatile.Read(ref _swaps);

        public static FolderSwapper Start(string folder, string target)
        {
            var swapper = new FolderSwapper(folder, target);
            swapper._thread.Start();
            // The race starts only once the first swap is done, so every run really races.
            SpinWait.SpinUntil(() => swapper.Swaps > 0);
            return swapper;
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run()
        {
            while (!_stop)
            {
                try
                {
                    Directory.Move(_folder, _aside);
                    File.CreateSymbolicLink(_folder, _target);
                    Interlocked.Increment(ref _swaps);
                    File.Delete(_folder);
                }
                catch (IOException)
                {
                    // A tool created the folder anew in the gap (write_file makes missing parents); cleared below.
                }
                catch (UnauthorizedAccessException)
                {
                }

                TryRestore();
            }

            // The tools have stopped: this ends with the real folder back in place.
            while (!TryRestore())
            {
            }
        }

        private bool TryRestore()
        {
            try
            {
                Restore();
                return !Directory.Exists(_aside);
            }
            catch (IOException)
            {
                // A tool made the folder again between the check and the move; try again.
                return false;
            }
        }

        private void Restore()
        {
            if (File.Exists(_folder) || new FileInfo(_folder).LinkTarget is not null)
            {
                File.Delete(_folder);
            }
            else if (Directory.Exists(_folder) && Directory.Exists(_aside))
            {
                Directory.Delete(_folder, recursive: true);
            }

            if (Directory.Exists(_aside))
            {
                Directory.Move(_aside, _folder);
            }
        }
    }
}
