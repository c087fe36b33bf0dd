using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Security.ControlFiles;

/// <summary>Which of Agent42's own paths the model's tools may touch. The defaults keep them all out of reach.</summary>
internal sealed class ControlPathsOptions
{
    /// <summary>
    /// Lets the file tools write into the custom tools directory, so the agent can write its own tools (which the
    /// running host then compiles and loads). An explicit opt-in: off by default.
    /// </summary>
    [ConfigurationKeyName("AGENT42_AGENT_WRITES_TOOLS")]
    public bool AgentWritesTools { get; set; }

    /// <summary>
    /// Lifts the rules on <c>.env</c>, the data directory and the MCP server list. Only for a workspace with no
    /// secrets and no state worth keeping: a model that can read <c>.env</c> can send the key anywhere.
    /// </summary>
    [ConfigurationKeyName("AGENT42_AGENT_OWN_FILES")]
    public bool AgentOwnFiles { get; set; }

    /// <summary>The MCP server list to read instead of the workspace's <c>.mcp.json</c>. Empty means that file.</summary>
    [ConfigurationKeyName("AGENT42_MCP_CONFIG")]
    public string McpConfig { get; set; } = string.Empty;
}
