namespace Agent42.Core.Mcp;

/// <summary>One of a server's tools as <c>mcp list</c> shows it.</summary>
/// <param name="ServerTool">The server's own name for it.</param>
/// <param name="Name">Its name in Agent42's registry; null when it was left out.</param>
/// <param name="Problem">Why it was left out, when it was.</param>
internal sealed record McpToolEntry(string ServerTool, string? Name, string? Problem);
