namespace Agent42.Core.Tools;

/// <summary>A tool the registry refused, and why.</summary>
internal sealed record ToolRejection(string Name, string Reason);
