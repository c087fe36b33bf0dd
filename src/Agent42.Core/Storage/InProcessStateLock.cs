using System.Collections.Concurrent;
using System.IO.Abstractions;
using System.Runtime.CompilerServices;

namespace Agent42.Core.Storage;

/// <summary>
/// The lock of a state file on a file system that lives inside this process (a MockFileSystem): one semaphore per
/// file system and full path. Nothing outside the process sees such a file system, so this excludes every other
/// writer, as <see cref="StateFileLock"/> does across processes on the machine's. Chosen only by
/// <see cref="StateFileSystem"/>.
/// </summary>
internal sealed class InProcessStateLock : IDisposable
{
    // Weak on the file system, so a test's MockFileSystem and its semaphores go together.
    private static readonly ConditionalWeakTable<IFileSystem, ConcurrentDictionary<string, SemaphoreSlim>> Locks = new();

    private SemaphoreSlim? _held;

    private InProcessStateLock(SemaphoreSlim held) => _held = held;

    /// <summary>Takes the lock of <paramref name="statePath"/> on <paramref name="fileSystem"/>, waiting for other threads.</summary>
    /// <exception cref="StateFileException">Another holder kept it past <paramref name="timeout"/>.</exception>
    public static InProcessStateLock Acquire(IFileSystem fileSystem, string statePath, TimeSpan? timeout = null)
    {
        var gate = GateOf(fileSystem, statePath);
        var limit = timeout ?? StateFileLock.DefaultTimeout;
        return gate.Wait(limit) ? new InProcessStateLock(gate) : throw HeldTooLong(statePath, limit);
    }

    /// <inheritdoc cref="Acquire"/>
    public static async Task<InProcessStateLock> AcquireAsync(IFileSystem fileSystem, string statePath, CancellationToken cancellationToken = default)
    {
        var gate = GateOf(fileSystem, statePath);
        return await gate.WaitAsync(StateFileLock.DefaultTimeout, cancellationToken).ConfigureAwait(false)
            ? new InProcessStateLock(gate)
            : throw HeldTooLong(statePath, StateFileLock.DefaultTimeout);
    }

    public void Dispose() => Interlocked.Exchange(ref _held, null)?.Release();

    private static SemaphoreSlim GateOf(IFileSystem fileSystem, string statePath) =>
        Locks.GetOrCreateValue(fileSystem).GetOrAdd(fileSystem.Path.GetFullPath(statePath), static _ => new SemaphoreSlim(1, 1));

    private static StateFileException HeldTooLong(string statePath, TimeSpan limit) =>
        new($"{statePath} stayed locked by another writer in this process for over {limit.TotalSeconds:0} s");
}
