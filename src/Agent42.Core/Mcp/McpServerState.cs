namespace Agent42.Core.Mcp;

/// <summary>Where a configured MCP server stands.</summary>
internal enum McpServerState
{
    /// <summary>Being started, or initialising: not yet connected this attempt.</summary>
    Starting,

    /// <summary>Initialised, its tools listed and in the registry.</summary>
    Connected,

    /// <summary>The last attempt failed; the next one is due at the status's retry time.</summary>
    Failed,
}
