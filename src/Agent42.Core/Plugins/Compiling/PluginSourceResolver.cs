using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// Resolves <c>#load</c> directives, but only to files inside the tools directory (every link on the way followed);
/// anything else resolves to nothing, and <see cref="PluginCompiler"/> reports it.
/// </summary>
internal sealed class PluginSourceResolver : SourceReferenceResolver
{
    private readonly string _root;
    private readonly SourceFileResolver _inner;

    public PluginSourceResolver(string toolsDirectory)
    {
        _root = Canonical(toolsDirectory);
        _inner = new SourceFileResolver([], _root);
    }

    /// <summary>Where a <c>#load</c> in <paramref name="baseFilePath"/> points, whether or not it is allowed.</summary>
    public string? Locate(string path, string? baseFilePath) => _inner.ResolveReference(path, baseFilePath);

    /// <summary>Whether <paramref name="fullPath"/> lies inside the tools directory.</summary>
    public bool IsInside(string fullPath)
    {
        try
        {
            return Canonical(fullPath).StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // a loop of links leads nowhere, and certainly not inside
        }
    }

    public override string? NormalizePath(string path, string? baseFilePath) => _inner.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath) =>
        Locate(path, baseFilePath) is { } resolved && IsInside(resolved) ? resolved : null;

    /// <summary>
    /// Opens a resolved file by its real path, checked again here: what <see cref="ResolveReference"/> allowed
    /// may have been swapped for a link since, and a file outside must never be read, so that its text cannot
    /// come back in a diagnostic.
    /// </summary>
    public override Stream OpenRead(string resolvedPath)
    {
        if (!IsInside(resolvedPath))
        {
            throw new IOException($"'{resolvedPath}' is outside the tools directory");
        }

        return new FileStream(Canonical(resolvedPath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    public override bool Equals(object? other) => other is PluginSourceResolver resolver && resolver._root == _root;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_root);

    /// <summary>
    /// The real path of <paramref name="path"/>: every component resolved, links to links and relative link
    /// targets included (as realpath(3) does), so that a link inside the tools directory to another link cannot
    /// lead outside unseen. A path that does not exist yet keeps its missing tail as written.
    /// </summary>
    internal static string Canonical(string path)
    {
        const int MaxLinks = 40; // as the kernel's own limit on symlink hops
        var pending = new List<string>(Components(Path.GetFullPath(path), out var root));
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending[0];
            pending.RemoveAt(0);
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var candidate = Path.Combine(current, part);
            string? target;
            try
            {
                target = (Directory.Exists(candidate) ? new DirectoryInfo(candidate) : (FileSystemInfo)new FileInfo(candidate)).LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }
            catch (UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++hops > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links resolving '{path}'.");
            }

            // Resolve the target from the link's real directory, then what was left after the link. The target is
            // not normalized first: its ".." must climb from where the links really lead, as the OS's does.
            var absolute = Path.IsPathRooted(target) ? target : current.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar + target;
            pending.InsertRange(0, Components(absolute, out var targetRoot));
            current = targetRoot;
        }

        return current.Length > root.Length ? current.TrimEnd(Path.DirectorySeparatorChar) : current;
    }

    private static string[] Components(string fullPath, out string root)
    {
        root = Path.GetPathRoot(fullPath) ?? string.Empty;
        return fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
    }
}
