namespace Agent42.Sdk;

/// <summary>
/// Keeps every path a tool touches inside the workspace.
/// </summary>
public interface IWorkspaceSandbox
{
    /// <summary>The workspace's absolute, symlink-free root directory.</summary>
    string Root { get; }

    /// <summary>
    /// Resolves <paramref name="path"/> (relative to the workspace, or absolute inside it) to an absolute path
    /// whose every existing component, symlinks followed, lies under <see cref="Root"/>.
    /// </summary>
    /// <param name="path">The path a tool was given.</param>
    /// <returns>The absolute path to use.</returns>
    /// <exception cref="SandboxViolationException">
    /// The path is empty, contains a NUL byte, names a device, or leads outside the workspace by <c>..</c>, an
    /// absolute path or a symlink.
    /// </exception>
    string ResolvePath(string path);

    /// <summary>Like <see cref="ResolvePath"/>, but reports a refusal instead of throwing.</summary>
    /// <param name="path">The path a tool was given.</param>
    /// <param name="fullPath">The absolute path to use, when allowed.</param>
    /// <param name="violation">Why the path was refused, when it was.</param>
    /// <returns><see langword="true"/> when the path is inside the workspace.</returns>
    bool TryResolvePath(string path, out string fullPath, out string? violation);

    /// <summary>The workspace-relative form of an absolute path, with forward slashes, for display.</summary>
    /// <param name="fullPath">An absolute path inside the workspace.</param>
    /// <returns>The relative path, or <c>.</c> for the root itself.</returns>
    string ToRelativePath(string fullPath);
}
