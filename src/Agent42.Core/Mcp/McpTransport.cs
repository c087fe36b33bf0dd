namespace Agent42.Core.Mcp;

/// <summary>How Agent42 talks to a configured MCP server.</summary>
internal enum McpTransport
{
    /// <summary>A child process speaking JSON-RPC on its stdin and stdout.</summary>
    Stdio,

    /// <summary>A Streamable HTTP endpoint.</summary>
    Http,
}
