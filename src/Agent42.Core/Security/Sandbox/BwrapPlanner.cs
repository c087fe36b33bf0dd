using Agent42.Core.Security.ControlFiles;

namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// Works out what one sandboxed command may see, from the disk as it is when the command starts: which of Agent42's
/// own paths and the secret homes exist, and so are hidden or bound read-only, and which unix sockets are bound.
/// </summary>
/// <param name="sockets">The bound pathname sockets; null means <see cref="UnixSockets.Read"/>.</param>
internal sealed class BwrapPlanner(
    ControlPaths controlPaths, string workspace, string? home, bool network, Func<IReadOnlyList<string>>? sockets = null)
{
    // Mounted afresh inside the sandbox, so the host's sockets there (/dev/log) are out of reach already.
    private static readonly string[] FreshInside = ["/tmp", "/dev", "/proc"];

    private readonly ControlPaths _controlPaths = controlPaths;
    private readonly string _workspace = workspace;
    private readonly string? _home = home;
    private readonly Func<IReadOnlyList<string>> _sockets = sockets ?? UnixSockets.Read;

    /// <summary>
    /// The plan for a command started now: the control paths and secret homes that exist are hidden or read-only. A
    /// control path in the workspace that does not exist yet is covered too (bubblewrap leaves an empty mount point on
    /// the host, added to <paramref name="placeholders"/>), so a command cannot create a <c>.env</c> or MCP server
    /// list that the next start would load.
    /// </summary>
    public BwrapPlan Plan(IReadOnlyDictionary<string, string> environment, ICollection<string> placeholders)
    {
        var readOnly = new List<string>();
        var hiddenFiles = new List<string>();
        var hiddenDirectories = new List<string>();

        void Hide(string path)
        {
            // A path under the private /tmp but outside the workspace is not there to hide.
            // A path that holds the workspace cannot be hidden without hiding the workspace.
            if (IsUnder(path, "/tmp") && !IsUnder(path, _workspace) || IsUnder(_workspace, path))
            {
                return;
            }

            if (Directory.Exists(path))
            {
                hiddenDirectories.Add(path);
            }
            else if (File.Exists(path))
            {
                hiddenFiles.Add(path);
            }
        }

        foreach (var entry in _controlPaths.Entries)
        {
            var inWorkspace = IsUnder(entry.FullPath, _workspace) && !string.Equals(entry.FullPath, _workspace, StringComparison.Ordinal);
            var exists = File.Exists(entry.FullPath) || Directory.Exists(entry.FullPath);
            if (!exists && inWorkspace && Directory.Exists(Path.GetDirectoryName(entry.FullPath)))
            {
                // Nothing to read yet, so hidden and read-only come to the same: an empty, unwritable placeholder.
                (entry.IsDirectory ? hiddenDirectories : hiddenFiles).Add(entry.FullPath);
                placeholders.Add(entry.FullPath);
            }
            else if (entry.Access == ControlPathAccess.None)
            {
                Hide(entry.FullPath);
            }
            else if (inWorkspace && exists)
            {
                // Outside the workspace everything is read-only already.
                readOnly.Add(entry.FullPath);
            }
        }

        if (_home is not null)
        {
            foreach (var relative in SecretHomes.RelativePaths)
            {
                var full = Path.Combine(_home, relative);
                Hide(WorkspaceSandbox.ResolveLinks(full) ?? full);
            }
        }

        HideSockets(hiddenFiles, hiddenDirectories);

        return new BwrapPlan(_workspace, readOnly, hiddenFiles, hiddenDirectories, environment, network, Environment.IsPrivilegedProcess);
    }

    /// <summary>
    /// Covers every bound socket outside the workspace with an empty device, whatever listens there (docker, dbus,
    /// gpg-agent, systemd): connecting to the device is refused. The workspace's sockets are the user's own and stay
    /// reachable; so do the ones the command binds itself (in the workspace or its private /tmp), as builds need.
    /// </summary>
    private void HideSockets(List<string> hiddenFiles, List<string> hiddenDirectories)
    {
        var covered = new HashSet<string>(hiddenFiles, StringComparer.Ordinal);
        var sockets = new List<string>();
        foreach (var bound in _sockets())
        {
            // /var/run/docker.sock is /run/docker.sock: the mount must land on the real path, and the checks judge that.
            var path = WorkspaceSandbox.ResolveLinks(bound) ?? bound;
            if (IsUnder(path, _workspace) || FreshInside.Any(root => IsUnder(path, root)) ||
                hiddenDirectories.Any(directory => IsUnder(path, directory)) ||
                !File.Exists(path) || !covered.Add(path))
            {
                // A socket under a hidden directory is hidden with it (and its empty read-only tmpfs has no room for a
                // mount point); one since unlinked has nothing to reach. One unlinked between here and bubblewrap's start
                // fails that one command (bubblewrap cannot create the mount point on the read-only root), never opens it.
                continue;
            }

            sockets.Add(path);
        }

        // Bubblewrap rereads the mount table for every bind, so each costs more than the last (300 cost about 0.3 s):
        // a directory that holds nothing but these sockets (containerd's shims, a busy daemon's) is one tmpfs instead.
        foreach (var group in sockets.GroupBy(path => Path.GetDirectoryName(path)!, StringComparer.Ordinal))
        {
            if (group.Count() > 1 && !IsUnder(_workspace, group.Key) && HoldsOnly(group.Key, covered))
            {
                hiddenDirectories.Add(group.Key);
            }
            else
            {
                hiddenFiles.AddRange(group);
            }
        }
    }

    private static bool HoldsOnly(string directory, HashSet<string> sockets)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).All(sockets.Contains);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies beneath it.</summary>
    public static bool IsUnder(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal);
}
