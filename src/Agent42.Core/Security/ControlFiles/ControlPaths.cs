using Agent42.Core.Configuration;

namespace Agent42.Core.Security.ControlFiles;

/// <summary>
/// Agent42's control and state paths, whatever the layout: the <c>.env</c> files it loads or would load, the data
/// directory, the custom tools directory and the MCP server list. The file tools and the shell sandbox consult this
/// one list, so a path added here is kept from the model everywhere.
/// </summary>
internal sealed class ControlPaths
{
    public const string SecretsRule = "own-secrets";
    public const string StateRule = "own-state";
    public const string ToolsRule = "own-tools";
    public const string ConfigRule = "own-config";

    /// <summary>The workspace's MCP server list when <c>AGENT42_MCP_CONFIG</c> names none.</summary>
    public const string McpConfigFileName = ".mcp.json";

    public ControlPaths(IReadOnlyList<ControlPath> entries, string mcpConfigFile)
    {
        Entries = entries;
        McpConfigFile = mcpConfigFile;
    }

    /// <summary>Every protected path, including those whose rule a setting lifted (their access is then absent).</summary>
    public IReadOnlyList<ControlPath> Entries { get; }

    /// <summary>The MCP server list Agent42 reads (it may not exist).</summary>
    public string McpConfigFile { get; }

    /// <summary>Builds the list for <paramref name="paths"/>, with <paramref name="currentDirectory"/> the one <c>.env</c> is loaded from.</summary>
    public static ControlPaths For(Agent42Paths paths, string currentDirectory, ControlPathsOptions options)
    {
        const string ownFiles = "AGENT42_AGENT_OWN_FILES=true";
        var mcpConfig = Path.GetFullPath(
            string.IsNullOrWhiteSpace(options.McpConfig) ? Path.Combine(paths.Workspace, McpConfigFileName) : options.McpConfig,
            currentDirectory);

        var entries = new List<ControlPath>();
        if (!options.AgentOwnFiles)
        {
            // Both .env files: the one loaded now, and the workspace's, which a later start from the workspace loads.
            foreach (var dotEnv in new[] { currentDirectory, paths.Workspace }.Select(d => Path.Combine(d, Agent42Configuration.DotEnvFileName)).Distinct())
            {
                entries.Add(new ControlPath(Canonical(dotEnv), false, ControlPathAccess.None, SecretsRule, ownFiles));
            }

            entries.Add(new ControlPath(Canonical(paths.DataDirectory), true, ControlPathAccess.None, StateRule, ownFiles));
            entries.Add(new ControlPath(Canonical(mcpConfig), false, ControlPathAccess.ReadOnly, ConfigRule, ownFiles));
        }

        if (!options.AgentWritesTools)
        {
            entries.Add(new ControlPath(Canonical(paths.ToolsDirectory), true, ControlPathAccess.ReadOnly, ToolsRule, "AGENT42_AGENT_WRITES_TOOLS=true"));
        }

        return new ControlPaths(entries, mcpConfig);
    }

    /// <summary>The entry that covers <paramref name="fullPath"/> (links already resolved), or null when none does.</summary>
    public ControlPath? Covering(string fullPath)
    {
        ControlPath? best = null;
        foreach (var entry in Entries)
        {
            // The strictest entry decides, then the innermost: a read-only tools directory inside a hidden data
            // directory stays hidden.
            if (entry.Covers(fullPath) && (best is null || entry.Access < best.Access || entry.FullPath.Length > best.FullPath.Length && entry.Access == best.Access))
            {
                best = entry;
            }
        }

        return best;
    }

    /// <summary>The refusal for reading <paramref name="fullPath"/>, or null when reading it is allowed.</summary>
    public string? RefuseRead(string fullPath, string shownPath) =>
        Covering(fullPath) is { Access: ControlPathAccess.None } entry ? entry.Refusal("read", shownPath) : null;

    /// <summary>The refusal for writing, creating, moving or deleting <paramref name="fullPath"/>, or null when allowed.</summary>
    public string? RefuseWrite(string fullPath, string shownPath) =>
        Covering(fullPath) is { } entry ? entry.Refusal("write", shownPath) : null;

    // Every component's links resolved (as the sandbox resolves a tool's path), so a protected path reached through a
    // link is still recognised.
    private static string Canonical(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return Path.TrimEndingDirectorySeparator(WorkspaceSandbox.ResolveLinks(full) ?? full);
    }
}
