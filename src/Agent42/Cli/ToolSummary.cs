using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>What a tool listing shows: everything about a tool but its schema, which listing need not generate.</summary>
internal sealed record ToolSummary(string Name, string Description, ToolSource Source, string? FilePath);
