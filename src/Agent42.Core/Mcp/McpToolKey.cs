namespace Agent42.Core.Mcp;

/// <summary>A tool as its server names it: the server's name in <c>.mcp.json</c> and the tool's own name.</summary>
internal readonly record struct McpToolKey(string Server, string Tool);
