using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// Resolves <c>#load</c> directives, but only to files inside the tools directory (symlinks followed);
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
        var canonical = Canonical(fullPath);
        return canonical.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    public override string? NormalizePath(string path, string? baseFilePath) => _inner.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath) =>
        Locate(path, baseFilePath) is { } resolved && IsInside(resolved) ? resolved : null;

    public override Stream OpenRead(string resolvedPath) => _inner.OpenRead(resolvedPath);

    public override bool Equals(object? other) => other is PluginSourceResolver resolver && resolver._root == _root;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_root);

    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? ResolveParent(full);
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>Resolves symlinks in the directories above a path, for a path that is not itself a link.</summary>
    private static string ResolveParent(string full)
    {
        var parent = Path.GetDirectoryName(full);
        if (string.IsNullOrEmpty(parent) || parent == full)
        {
            return full;
        }

        var resolvedParent = new DirectoryInfo(parent).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? ResolveParent(parent);
        return Path.Combine(resolvedParent, Path.GetFileName(full));
    }
}
