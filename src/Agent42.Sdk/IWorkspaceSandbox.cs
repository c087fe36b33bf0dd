namespace Agent42.Sdk;

/// <summary>
/// Keeps every path a tool touches inside the workspace and off Agent42's own files (<c>.env</c>, the data
/// directory; for writes also the custom tools directory and the MCP server list). On Linux the file helpers
/// (<see cref="ReadAllTextAsync"/>, <see cref="WriteAllTextAsync"/>, <see cref="ListFiles"/>, <see cref="FileExists"/>,
/// <see cref="DirectoryExists"/>) open by handle beneath the workspace, following no link and crossing no mount, so
/// prefer them to opening the path <see cref="ResolvePath"/> returns.
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

    /// <summary>Whether a file exists at <paramref name="path"/> inside the workspace.</summary>
    /// <param name="path">A workspace path.</param>
    /// <returns><see langword="true"/> for an existing file; <see langword="false"/> otherwise, or when the path is refused.</returns>
    bool FileExists(string path);

    /// <summary>Whether a directory exists at <paramref name="path"/> inside the workspace.</summary>
    /// <param name="path">A workspace path.</param>
    /// <returns><see langword="true"/> for an existing directory; <see langword="false"/> otherwise, or when the path is refused.</returns>
    bool DirectoryExists(string path);

    /// <summary>
    /// Reads a UTF-8 text file inside the workspace. This is how a plugin tool reads files: on Linux the file is
    /// opened by handle and must be a regular file with one link, not reached through a link or a mount.
    /// </summary>
    /// <param name="path">A workspace path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file's text.</returns>
    /// <exception cref="SandboxViolationException">The path is refused, or is one of Agent42's own unreadable files.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The path is a directory, or the file could not be read.</exception>
    Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a UTF-8 text file inside the workspace atomically (temp file, flush, rename), creating parent
    /// directories. This is how a plugin tool writes files: on Linux the temp file is created and renamed within
    /// the parent directory's handle.
    /// </summary>
    /// <param name="path">A workspace path.</param>
    /// <param name="contents">The whole new content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="SandboxViolationException">The path is refused, or is one of Agent42's own files.</exception>
    Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default);

    /// <summary>The files under a workspace directory, as workspace-relative paths with forward slashes, sorted.</summary>
    /// <param name="path">A workspace directory.</param>
    /// <param name="searchPattern">A wildcard for file names, such as <c>*.cs</c>.</param>
    /// <param name="recursive">Whether to include subdirectories (links are not followed; Agent42's data directory is not entered).</param>
    /// <returns>The matching files.</returns>
    /// <exception cref="SandboxViolationException">The path is refused.</exception>
    IReadOnlyList<string> ListFiles(string path, string searchPattern = "*", bool recursive = false);
}
