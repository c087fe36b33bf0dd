namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// The empty mount points bubblewrap leaves on the host for control paths that did not exist (see
/// <see cref="BwrapPlanner"/>): removed when the last sandboxed command is gone, never while one runs, since unlinking
/// a mount point would unmount it inside that command's sandbox.
/// </summary>
internal sealed class SandboxPlaceholders
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>Counts one more running command and plans it; the lease, disposed once its processes are gone, ends it.</summary>
    public (BwrapPlan Plan, IDisposable Lease) Enter(Func<ICollection<string>, BwrapPlan> plan)
    {
        lock (_gate)
        {
            _running++;
            return (plan(_paths), new Lease(this));
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_running > 0)
            {
                return;
            }

            foreach (var path in _paths)
            {
                Remove(path);
            }

            _paths.Clear();
        }
    }

    // Only while still empty: content someone put there since is theirs.
    private static void Remove(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length == 0 && file.LinkTarget is null)
            {
                file.Delete();
            }
            else if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Left in place: an empty file or directory is harmless, and the next release tries again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Lease(SandboxPlaceholders owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
