using Agent42.Sdk;

namespace Agent42.Core.Tools;

/// <summary>A tool in the registry, with where it came from.</summary>
internal sealed record ToolRegistration(Tool Tool, ToolSource Source, string? FilePath)
{
    public string Name => Tool.Name;

    /// <summary>The calls running on this instance.</summary>
    public CallTracker Calls { get; } = new();

    public ToolInfo ToInfo() => new(Tool.Name, Tool.Description, Tool.Parameters, Source, FilePath);
}
