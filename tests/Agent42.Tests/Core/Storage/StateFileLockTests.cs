using System.Diagnostics;
using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>The state files' advisory lock, against the kernel's flock and another process that holds it.</summary>
[TestFixture]
internal sealed class StateFileLockTests
{
    [Test]
    public async Task Threads_TakeTheLockOneAtATime()
    {
        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        var inside = 0;
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                using var held = await StateFileLock.AcquireAsync(state);
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.That(overlaps, Is.Zero);
    }

    [Test]
    public void AnotherProcessHoldingTheLock_IsWaitedFor_ThenTheCallerIsToldWhichFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("flock(1) is util-linux's");
        }

        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        using var holder = HoldWithFlockCommand(StateFileLock.LockPathFor(state), seconds: 30);

        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(state, TimeSpan.FromMilliseconds(300)));

        Assert.That(error!.Message, Does.Contain(state).And.Contain("locked by another Agent42 process"));
    }

    [Test]
    public async Task TheLockIsTakenOnceTheOtherProcessLetsGo()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("flock(1) is util-linux's");
        }

        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        // Held until the test says so, not for a while: on a loaded machine "a while" can pass before the wait starts.
        var release = temp.Combine("release");
        using var holder = HoldWithFlockCommand(StateFileLock.LockPathFor(state), seconds: 60, releaseWhen: release);

        var waiting = StateFileLock.AcquireAsync(state, TimeSpan.FromSeconds(20));
        var whileHeld = waiting.IsCompleted;
        File.WriteAllText(release, string.Empty);
        using var held = await waiting;

        Assert.Multiple(() =>
        {
            Assert.That(whileHeld, Is.False, "the lock was free while flock(1) held it");
            Assert.That(File.Exists(held.LockPath), Is.True);
        });
    }

    [Test]
    public void AKilledHolder_LeavesTheLockFree()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("flock(1) is util-linux's");
        }

        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        var holder = HoldWithFlockCommand(StateFileLock.LockPathFor(state), seconds: 60);
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        holder.Dispose();

        using var held = StateFileLock.Acquire(state, TimeSpan.FromSeconds(5));

        Assert.That(File.Exists(held.LockPath), Is.True);
    }

    [Test]
    public void AFifoWhereTheLockFileGoes_IsRefusedWithoutHanging()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        Posix.MakeFifo(StateFileLock.LockPathFor(state));

        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(state, TimeSpan.FromSeconds(5)));

        Assert.That(error!.Message, Does.Contain("FIFO").And.Contain("remove it"));
    }

    [Test]
    public void ASymlinkWhereTheLockFileGoes_IsRefused()
    {
        using var temp = new TempDirectory();
        var state = temp.Combine("tasks.json");
        var elsewhere = temp.Write("elsewhere", string.Empty);
        File.CreateSymbolicLink(StateFileLock.LockPathFor(state), elsewhere);

        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(state, TimeSpan.FromSeconds(5)));

        Assert.That(error!.Message, Does.Contain("symbolic link"));
    }

    [TestCase(false, TestName = "AKeptLockFile_IsUnlockedBetweenHolds_AndStillExcludesAnotherProcess")]
    [TestCase(true, TestName = "AKeptLockFileRemovedBetweenHolds_IsOpenedAgain_SoWhoeverLocksTheNewFileIsWaitedFor")]
    public void AKeptLockFile_IsUnlockedBetweenHolds_AndExcludesWhoeverLocksTheFileAtThePath(bool removedBetween)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("flock(1) is util-linux's");
        }

        using var temp = new TempDirectory();
        var state = temp.Combine("outcomes.jsonl");
        var lockPath = StateFileLock.LockPathFor(state);
        using var kept = new KeptLockFile();
        using (StateFileLock.Acquire(state, kept))
        {
        }

        if (removedBetween)
        {
            // A lock on the kept, unlinked inode would exclude nobody: the other process locks the file now at the path.
            File.Delete(lockPath);
        }

        // flock(1) takes the lock only once the kept handle has let go of it, and then the kept handle must wait.
        using var holder = HoldWithFlockCommand(lockPath, seconds: 30);
        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(state, kept, TimeSpan.FromMilliseconds(300)));

        Assert.That(error!.Message, Does.Contain("locked by another Agent42 process"));
    }

    /// <summary>util-linux's flock(1) holding the lock file for a while: a holder that is not Agent42's code.</summary>
    private static Process HoldWithFlockCommand(string lockPath, int seconds, string? releaseWhen = null)
    {
        var ready = lockPath + ".ready";
        var hold = releaseWhen is null
            ? $"sleep {seconds}"
            : $"i=0; while [ ! -e '{releaseWhen}' ] && [ $i -lt {seconds * 20} ]; do sleep 0.05; i=$((i+1)); done";
        var start = new ProcessStartInfo("flock") { UseShellExecute = false };
        foreach (var arg in new[] { lockPath, "sh", "-c", $"touch '{ready}'; {hold}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        if (!Poll.UntilAsync(() => File.Exists(ready), TimeSpan.FromSeconds(20)).GetAwaiter().GetResult())
        {
            process.Kill();
            Assert.Fail("flock(1) did not take the lock within 20 s");
        }

        return process;
    }
}
