namespace Agent42.Core.Mcp;

/// <summary>A configured server's state now, for <c>mcp list</c> and the start-up report.</summary>
/// <param name="Config">Its entry in <c>.mcp.json</c>.</param>
/// <param name="State">Starting, connected or failed.</param>
/// <param name="Reason">Why the last attempt failed (failed), or null.</param>
/// <param name="RetryAt">When the next attempt starts (failed), or null.</param>
/// <param name="Attempts">The attempts made so far, the current one included.</param>
/// <param name="Tools">Its tools while connected, by the server's name for them.</param>
internal sealed record McpServerStatus(
    McpServerConfig Config,
    McpServerState State,
    string? Reason,
    DateTimeOffset? RetryAt,
    int Attempts,
    IReadOnlyList<McpToolEntry> Tools);
