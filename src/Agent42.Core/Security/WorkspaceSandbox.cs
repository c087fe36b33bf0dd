using Agent42.Core.Storage;
using Agent42.Sdk;

namespace Agent42.Core.Security;

/// <summary>
/// Resolves tool paths under the workspace root, refusing every route out: <c>..</c>, absolute paths elsewhere,
/// symlinks whose target lies outside, NUL bytes and device paths.
/// </summary>
internal sealed class WorkspaceSandbox : IWorkspaceSandbox
{
    private static readonly string[] DevicePrefixes = ["/dev/", "/proc/", "/sys/", @"\\.\", @"\\?\", "//./", "//?/"];
    private static readonly string[] WindowsDeviceNames = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3"];
    private const int MaxLinkHops = 40;

    // The root as configured, before its symlinks are resolved: absolute paths written through it are inside.
    private readonly string _givenRoot;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal WorkspaceSandbox(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The workspace '{full}' does not exist.");
        }

        _givenRoot = Path.TrimEndingDirectorySeparator(full);
        Root = Path.TrimEndingDirectorySeparator(ResolveLinks(full) ?? full);
    }

    public string Root { get; }

    public string ResolvePath(string path) =>
        TryResolvePath(path, out var fullPath, out var violation)
            ? fullPath
            : throw new SandboxViolationException(path ?? string.Empty, violation!);

    public bool TryResolvePath(string path, out string fullPath, out string? violation)
    {
        fullPath = string.Empty;
        violation = CheckSyntax(path);
        if (violation is not null)
        {
            return false;
        }

        var candidate = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Root, path));
        if (!IsUnder(candidate, Root) && !IsUnder(candidate, _givenRoot))
        {
            violation = Path.IsPathRooted(path)
                ? $"is outside the workspace '{Root}'"
                : "leads outside the workspace by '..'";
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

    public bool FileExists(string path) => TryResolvePath(path, out var full, out _) && File.Exists(full);

    public bool DirectoryExists(string path) => TryResolvePath(path, out var full, out _) && Directory.Exists(full);

    public Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default) =>
        File.ReadAllTextAsync(ResolvePath(path), cancellationToken);

    public Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllTextAsync(ResolvePath(path), contents, cancellationToken);

    public IReadOnlyList<string> ListFiles(string path, string searchPattern = "*", bool recursive = false)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        };
        return Directory.EnumerateFiles(ResolvePath(path), searchPattern, options)
            .Select(ToRelativePath)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string? CheckSyntax(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is empty";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL byte";
        }

        var normalized = path.Replace('\\', '/');
        if (DevicePrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                || normalized.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || normalized is "/dev" or "/proc" or "/sys")
        {
            return "is a device or system path";
        }

        var lastName = Path.GetFileNameWithoutExtension(normalized.TrimEnd('/').Split('/')[^1]);
        if (WindowsDeviceNames.Contains(lastName, StringComparer.OrdinalIgnoreCase))
        {
            return "names a device";
        }

        return null;
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
