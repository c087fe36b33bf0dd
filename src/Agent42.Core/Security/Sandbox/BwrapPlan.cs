namespace Agent42.Core.Security.Sandbox;

/// <summary>What one sandboxed command may see: everything <see cref="BwrapArguments"/> needs, decided beforehand.</summary>
/// <param name="Workspace">Bound writable at its own path; the command's working directory.</param>
/// <param name="ReadOnly">Paths inside the workspace bound back read-only (the tools directory, the MCP server list).</param>
/// <param name="HiddenFiles">Files that read as nothing (an empty device is bound over them).</param>
/// <param name="HiddenDirectories">Directories that show up empty (a fresh tmpfs is mounted over them).</param>
/// <param name="Environment">The whole environment the command gets.</param>
/// <param name="Network">Whether the command shares the host's network.</param>
/// <param name="AsRoot">Agent42 runs as root: the command then runs as an unprivileged user of its own namespace.</param>
internal sealed record BwrapPlan(
    string Workspace,
    IReadOnlyList<string> ReadOnly,
    IReadOnlyList<string> HiddenFiles,
    IReadOnlyList<string> HiddenDirectories,
    IReadOnlyDictionary<string, string> Environment,
    bool Network,
    bool AsRoot);
