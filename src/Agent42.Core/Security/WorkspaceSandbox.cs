using System.IO.Enumeration;
using System.Text;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Handles;
using Agent42.Core.Native;
using Agent42.Sdk;

namespace Agent42.Core.Security;

/// <summary>
/// Keeps the file tools, and plugins, inside the workspace and off Agent42's own files. On Linux every file is
/// opened by handle beneath the workspace's directory handle, following no link and crossing no mount
/// (<see cref="LinuxFileAccess"/>); elsewhere paths are checked, every link resolved, and then opened
/// (<see cref="PathFileAccess"/>). <see cref="TryResolvePath"/> stays the path check plugins already use.
/// </summary>
internal sealed class WorkspaceSandbox : IWorkspaceSandbox, IDisposable
{
    private const int MaxLinkHops = 40;

    // The root as configured, before its symlinks are resolved: absolute paths written through it are inside.
    private readonly string _givenRoot;
    private readonly ControlPaths _controlPaths;
    private readonly IFileAccess _access;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal WorkspaceSandbox(string root, ControlPaths? controlPaths = null, WorkspaceSandboxOptions? options = null)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The workspace '{full}' does not exist.");
        }

        _givenRoot = Path.TrimEndingDirectorySeparator(full);
        Root = Path.TrimEndingDirectorySeparator(ResolveLinks(full) ?? full);
        _controlPaths = controlPaths ?? new ControlPaths([], string.Empty);
        options ??= new WorkspaceSandboxOptions();
        _access = OperatingSystem.IsLinux()
            ? new LinuxFileAccess(new BeneathResolver(Root, useOpenat2: !options.ResolveByWalk), _controlPaths, options)
            : new PathFileAccess(this, _controlPaths);
    }

    public string Root { get; }

    /// <summary>True where files are opened by handle (Linux): the boundary README describes.</summary>
    internal bool OpensByHandle => _access is LinuxFileAccess;

    public string ResolvePath(string path) =>
        TryResolvePath(path, out var fullPath, out var violation)
            ? fullPath
            : throw new SandboxViolationException(path ?? string.Empty, violation!);

    public bool TryResolvePath(string path, out string fullPath, out string? violation)
    {
        fullPath = string.Empty;
        if (!TryNormalize(path, out var candidate, out violation))
        {
            return false;
        }

        var resolved = ResolveLinks(candidate);
        if (resolved is null)
        {
            violation = "has a symlink loop";
            return false;
        }

        if (!IsUnder(resolved, Root))
        {
            violation = $"is a symlink, or lies under one, that points outside the workspace (to '{resolved}')";
            return false;
        }

        fullPath = resolved;
        return true;
    }

    public string ToRelativePath(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    public bool FileExists(string path) => Locate(path, out _) is { } located && _access.Probe(located) == FileKind.Regular;

    public bool DirectoryExists(string path) => Locate(path, out _) is { } located && _access.Probe(located) == FileKind.Directory;

    public async Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default)
    {
        using var file = OpenRead(path, out var refusal) ?? throw refusal!.ToException();
        using var reader = new StreamReader(file.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        var (_, refusal) = await WriteAsync(path, Encoding.UTF8.GetBytes(contents), null, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            throw refusal.ToException();
        }
    }

    public IReadOnlyList<string> ListFiles(string path, string searchPattern = "*", bool recursive = false)
    {
        var start = Locate(path, out var refusal) ?? throw refusal!.ToException();
        var files = new List<string>();
        var pending = new Stack<WorkspacePath>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var entries = List(directory, CancellationToken.None, out refusal);
            if (entries is null)
            {
                // The starting directory must be listable; a subdirectory that is not is skipped.
                if (directory == start)
                {
                    throw refusal!.ToException();
                }

                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.Kind == FileKind.Regular && FileSystemName.MatchesSimpleExpression(searchPattern, entry.Name))
                {
                    files.Add(entry.RelativePath);
                }
                else if (recursive && entry.Kind == FileKind.Directory)
                {
                    pending.Push(directory.Child(entry.Name));
                }
            }
        }

        return files.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Checks the syntax of <paramref name="path"/> and places it under the root, resolving nothing on disk.</summary>
    internal WorkspacePath? Locate(string path, out FileRefusal? refusal)
    {
        if (!TryNormalize(path, out var candidate, out var violation))
        {
            refusal = FileRefusal.Violation(path ?? string.Empty, violation!);
            return null;
        }

        var root = IsUnder(candidate, Root) ? Root : _givenRoot;
        var relative = Path.GetRelativePath(root, candidate);
        string[] components = relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        refusal = null;
        return new WorkspacePath(path, components.Length == 0 ? "." : string.Join('/', components),
            components.Length == 0 ? Root : Path.Combine([Root, .. components]), components);
    }

    /// <summary>Opens a regular file in the workspace for reading, or says why not.</summary>
    internal OpenedFile? OpenRead(string path, out FileRefusal? refusal) =>
        Locate(path, out refusal) is { } located ? OpenRead(located, out refusal) : null;

    /// <summary>Opens a located regular file for reading, unless it is one of Agent42's unreadable files.</summary>
    internal OpenedFile? OpenRead(WorkspacePath path, out FileRefusal? refusal)
    {
        if (_controlPaths.RefuseRead(path.FullPath, path.Given) is { } own)
        {
            refusal = FileRefusal.OwnFile(path.Given, own);
            return null;
        }

        return _access.OpenRead(path, out refusal);
    }

    /// <summary>
    /// Writes a file atomically, unless it is one of Agent42's own; with <paramref name="readFrom"/> (an edit),
    /// into the directory that file was read from. Returns the workspace-relative path written.
    /// </summary>
    internal async Task<(string Relative, FileRefusal? Refusal)> WriteAsync(string path, ReadOnlyMemory<byte> contents, OpenedFile? readFrom, CancellationToken cancellationToken)
    {
        if (Locate(path, out var refusal) is not { } located)
        {
            return (string.Empty, refusal);
        }

        if (_controlPaths.RefuseWrite(located.FullPath, located.Given) is { } own)
        {
            return (located.Relative, FileRefusal.OwnFile(located.Given, own));
        }

        return (located.Relative, await _access.WriteAsync(located, contents, readFrom, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Lists a directory's entries (links not followed), unless it is, or lies in, a directory the tools may not read.</summary>
    internal IReadOnlyList<WorkspaceEntry>? List(WorkspacePath path, CancellationToken cancellationToken, out FileRefusal? refusal)
    {
        if (_controlPaths.RefuseRead(path.FullPath, path.Given) is { } own)
        {
            refusal = FileRefusal.OwnFile(path.Given, own);
            return null;
        }

        return _access.List(path, cancellationToken, out refusal);
    }

    /// <summary>Whether a walk should stay out of <paramref name="path"/> (one of Agent42's unreadable paths).</summary>
    internal bool RefusesRead(WorkspacePath path) => _controlPaths.RefuseRead(path.FullPath, path.Given) is not null;

    public void Dispose() => _access.Dispose();

    private bool TryNormalize(string path, out string candidate, out string? violation)
    {
        candidate = string.Empty;
        violation = WorkspacePathSyntax.Check(path);
        if (violation is not null)
        {
            return false;
        }

        candidate = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Root, path));
        if (!IsUnder(candidate, Root) && !IsUnder(candidate, _givenRoot))
        {
            violation = Path.IsPathRooted(path)
                ? $"is outside the workspace '{Root}'"
                : "leads outside the workspace by '..'";
            return false;
        }

        return true;
    }

    private static bool IsUnder(string candidate, string root)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(candidate);
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(trimmed, root, comparison)
            || trimmed.StartsWith(root + Path.DirectorySeparatorChar, comparison)
            || (root.EndsWith(Path.DirectorySeparatorChar) && trimmed.StartsWith(root, comparison));
    }

    /// <summary>
    /// Follows every symlink along the path, component by component, so that a link anywhere in it (not only at
    /// the end) is seen. Components that do not exist yet are kept as they are. Returns null on a loop.
    /// </summary>
    internal static string? ResolveLinks(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>(fullPath[root.Length..]
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
            .Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var next = Path.Combine(current, pending.Pop());
            // LinkTarget reads the link itself (lstat), so a dangling link that points outside is caught too.
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                var targetFull = Path.GetFullPath(target, current);
                var targetRoot = Path.GetPathRoot(targetFull)!;
                foreach (var part in targetFull[targetRoot.Length..]
                    .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                current = targetRoot;
                continue;
            }

            current = next;
        }

        return current;
    }
}
