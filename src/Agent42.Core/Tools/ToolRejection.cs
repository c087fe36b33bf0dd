namespace Agent42.Core.Tools;

/// <summary>A tool the registry refused, and why.</summary>
internal sealed record ToolRejection(string Name, string Reason)
{
    /// <summary>A plugin tool named like a built-in one (the registry's refusal, and <c>tools check</c>'s).</summary>
    public static ToolRejection BuiltInName(string name) => new(name, $"'{name}' is the name of a built-in tool, which plugins cannot replace");

    /// <summary>A plugin tool whose name starts with <c>mcp_</c>, which only MCP servers' tools may.</summary>
    public static ToolRejection ReservedForMcp(string name) => new(name, $"'{name}' starts with '{ToolNameRule.McpPrefix}', which is kept for the tools of MCP servers");

    public static ToolRejection TakenBy(string name, string? filePath) => new(name, $"'{name}' is already provided by {filePath}");

    public static ToolRejection DefinedTwice(string name, string filePath) => new(name, $"'{name}' is defined twice in {filePath}");
}
