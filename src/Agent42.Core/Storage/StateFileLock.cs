using System.Collections.Concurrent;
using Agent42.Core.Native;

namespace Agent42.Core.Storage;

/// <summary>
/// An advisory lock, <c>flock(LOCK_EX)</c> on <c>&lt;state file&gt;.lock</c>, held around each read-merge-write of a
/// state file that several Agent42 processes share (the shell, <c>agent42 run</c> and a cron job on one data
/// directory), so no process writes from a stale copy. The kernel drops the lock when its holder dies, so a crash never
/// leaves it held; a holder that hangs is waited for up to the time-out, then the caller is told which file is held.
/// </summary>
/// <remarks>
/// A separate lock file rather than the state file itself, because atomic writes replace the state file's inode: a
/// lock on the old inode would not exclude a process that opened the new one. Threads of one process queue on a
/// semaphore first, so the file lock is taken once per process at a time and no thread spins on it for a sibling.
/// Waiting uses the real clock: the wait is for another process, which a test's fake clock does not move.
/// </remarks>
internal sealed class StateFileLock : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _local;
    private readonly KeptLockFile? _kept;
    private FileStream? _handle;

    private StateFileLock(string lockPath, SemaphoreSlim local, FileStream handle, KeptLockFile? kept)
    {
        LockPath = lockPath;
        _local = local;
        _handle = handle;
        _kept = kept;
    }

    /// <summary>The lock file, beside the state file.</summary>
    public string LockPath { get; }

    public static string LockPathFor(string statePath) => Path.GetFullPath(statePath) + ".lock";

    /// <summary>Takes the lock of <paramref name="statePath"/>, waiting for other threads and processes.</summary>
    /// <exception cref="StateFileException">The lock file is not a regular file, or stayed held past <paramref name="timeout"/>.</exception>
    public static StateFileLock Acquire(string statePath, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Hold(statePath, timeout, cancellationToken, kept: null);

    /// <summary>
    /// Takes the lock of <paramref name="statePath"/> as <see cref="Acquire"/> does, on a lock file that
    /// <paramref name="kept"/> keeps open between holds (on Linux; elsewhere the open file is the lock, so it is closed
    /// as usual). Releasing unlocks it instead of closing it: a writer that takes the lock for every batch saves the
    /// open, the checks and the close each time.
    /// </summary>
    /// <exception cref="StateFileException">The lock file is not a regular file, or stayed held past <paramref name="timeout"/>.</exception>
    public static StateFileLock Acquire(string statePath, KeptLockFile kept, TimeSpan? timeout = null) =>
        Hold(statePath, timeout, CancellationToken.None, OperatingSystem.IsLinux() ? kept : null);

    /// <summary>The blocking acquire, on the lock file <paramref name="kept"/> holds open when there is one.</summary>
    private static StateFileLock Hold(string statePath, TimeSpan? timeout, CancellationToken cancellationToken, KeptLockFile? kept)
    {
        var (lockPath, local, limit, started) = Begin(statePath, timeout);
        if (!local.Wait(limit, cancellationToken))
        {
            throw HeldTooLong(statePath, limit);
        }

        return Take(statePath, lockPath, local, limit, started, poll =>
        {
            // A timed wait that cancellation ends early; the holder is another process, so nothing signals us.
            cancellationToken.WaitHandle.WaitOne(poll);
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }, kept?.Take(lockPath), kept).GetAwaiter().GetResult();
    }

    /// <summary>Takes the lock of <paramref name="statePath"/> without blocking a thread while others hold it.</summary>
    /// <exception cref="StateFileException">The lock file is not a regular file, or stayed held past <paramref name="timeout"/>.</exception>
    public static async Task<StateFileLock> AcquireAsync(string statePath, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var (lockPath, local, limit, started) = Begin(statePath, timeout);
        if (!await local.WaitAsync(limit, cancellationToken).ConfigureAwait(false))
        {
            throw HeldTooLong(statePath, limit);
        }

        return await Take(statePath, lockPath, local, limit, started,
            poll => new ValueTask(Task.Delay(poll, TimeProvider.System, cancellationToken))).ConfigureAwait(false);
    }

    private static (string LockPath, SemaphoreSlim Local, TimeSpan Limit, long Started) Begin(string statePath, TimeSpan? timeout)
    {
        var lockPath = LockPathFor(statePath);
        return (lockPath, InProcess.GetOrAdd(lockPath, static _ => new SemaphoreSlim(1, 1)), timeout ?? DefaultTimeout, TimeProvider.System.GetTimestamp());
    }

    /// <summary>With the process's turn taken: opens the lock file and polls the file lock until it is ours or the time is up.</summary>
    private static async ValueTask<StateFileLock> Take(string statePath, string lockPath, SemaphoreSlim local, TimeSpan limit, long started,
        Func<TimeSpan, ValueTask> wait, FileStream? handle = null, KeptLockFile? kept = null)
    {
        try
        {
            var poll = TimeSpan.FromMilliseconds(1);
            while (!TryLock(lockPath, statePath, ref handle))
            {
                if (TimeProvider.System.GetElapsedTime(started) > limit)
                {
                    throw HeldTooLong(statePath, limit);
                }

                await wait(poll).ConfigureAwait(false);
                poll = poll * 2 > MaxPoll ? MaxPoll : poll * 2;
            }

            return new StateFileLock(lockPath, local, handle!, kept is not null && kept.Keep(handle!) ? kept : null);
        }
        catch
        {
            handle?.Dispose();
            kept?.Forget();
            local.Release();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _handle, null) is { } handle)
        {
            // Closing the handle drops the flock; the file stays, so the next holder locks the same inode. A kept one
            // is unlocked instead, and closed if that fails, which drops the flock too.
            if (_kept is null || !OperatingSystem.IsLinux() || LinuxFileApi.Flock((int)handle.SafeFileHandle.DangerousGetHandle(), LinuxFileApi.LockUnlock, out _) != 0)
            {
                handle.Dispose();
                _kept?.Forget();
            }

            _local.Release();
        }
    }

    /// <summary>One try: true with <paramref name="handle"/> locked, false while another process holds the lock.</summary>
    private static bool TryLock(string lockPath, string statePath, ref FileStream? handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere the share mode is the lock: opening with FileShare.None fails while another process has it open.
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
                handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
                return true;
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                return false;
            }
        }

        handle ??= OpenLinux(lockPath, statePath);
        if (LinuxFileApi.Flock((int)handle.SafeFileHandle.DangerousGetHandle(), LinuxFileApi.LockExclusive | LinuxFileApi.LockNonBlocking, out var errno) == 0)
        {
            return true;
        }

        return errno == LinuxFileApi.EWOULDBLOCK
            ? false
            : throw new StateFileException($"the lock file {lockPath} cannot be locked: {LinuxFileApi.Describe(errno)}");
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static FileStream OpenLinux(string lockPath, string statePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        // O_NONBLOCK: a FIFO put where the lock file goes must not hang the open; O_NOFOLLOW: nor may a link move it.
        var fd = LinuxFileApi.OpenAt(LinuxFileApi.AtFdCwd, lockPath,
            LinuxFileApi.ORdWr | LinuxFileApi.OCreat | LinuxFileApi.OCloExec | LinuxFileApi.ONoFollow | LinuxFileApi.ONonBlock | LinuxFileApi.ONoCtty,
            0x180, out var errno);
        if (fd < 0)
        {
            throw new StateFileException($"the lock file {lockPath} of {statePath} cannot be opened: {LinuxFileApi.Describe(errno)}"
                + (errno == LinuxFileApi.ELOOP ? " (it is a symbolic link; remove it)" : string.Empty));
        }

        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno) || status.Kind != FileKind.Regular)
        {
            handle.Dispose();
            throw new StateFileException($"the lock file {lockPath} is {(errno == 0 ? StatePath.Describe(status.Kind) : "unreadable")}, not a regular file; remove it");
        }

        return new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
    }

    private static StateFileException HeldTooLong(string statePath, TimeSpan limit) =>
        new($"{statePath} stayed locked by another Agent42 process for over {limit.TotalSeconds:0} s ({LockPathFor(statePath)}); "
            + "if no other agent42 is running, that process is hung: stop it");
}
