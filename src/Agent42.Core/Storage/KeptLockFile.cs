namespace Agent42.Core.Storage;

/// <summary>
/// A lock file that <see cref="StateFileLock.Acquire(string, KeptLockFile, TimeSpan?)"/> keeps open between holds, for a
/// writer that takes the same lock for every batch (the outcome log's). Each hold first checks that the path still
/// names the file kept open (same device and inode, a regular file, not a link): if it was removed or replaced, the
/// kept handle is closed and the path opened again, so the flock is always on the file other processes lock.
/// </summary>
/// <remarks>Used only under the lock's in-process turn, so one thread at a time.</remarks>
internal sealed class KeptLockFile : IDisposable
{
    private FileStream? _handle;
    private FileIdentity _identity;

    /// <summary>The kept handle if <paramref name="lockPath"/> is still its file; else null, the old one closed.</summary>
    public FileStream? Take(string lockPath)
    {
        if (_handle is { } handle && _identity.IsAt(lockPath))
        {
            return handle;
        }

        Forget();
        return null;
    }

    /// <summary>Keeps <paramref name="handle"/>, just locked, for the next hold; false if it cannot be told apart (then the hold closes it).</summary>
    public bool Keep(FileStream handle)
    {
        if (ReferenceEquals(handle, _handle))
        {
            return true;
        }

        Forget();
        if (FileIdentity.Of(handle.SafeFileHandle) is not { } identity)
        {
            return false;
        }

        (_handle, _identity) = (handle, identity);
        return true;
    }

    /// <summary>Closes the kept handle, if any; the next hold opens the path again.</summary>
    public void Forget() => Interlocked.Exchange(ref _handle, null)?.Dispose();

    public void Dispose() => Forget();
}
