using Agent42.Core.Native;

namespace Agent42.Core.Security.Handles;

/// <summary>One entry of a workspace directory, as the directory handle listed it (links are not followed).</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="RelativePath">Its workspace-relative path, with forward slashes.</param>
/// <param name="Kind">What it is; a symlink is reported as one, never as its target.</param>
internal sealed record WorkspaceEntry(string Name, string RelativePath, FileKind Kind);
