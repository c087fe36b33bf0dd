using Agent42.Sdk;

namespace Agent42.Core.Tools;

/// <summary>A tool in the registry, with where it came from; its name, description and schema are the snapshot taken when it loaded.</summary>
internal sealed record ToolRegistration(ToolSnapshot Snapshot, ToolSource Source, string? FilePath)
{
    public Tool Tool => Snapshot.Tool;

    public string Name => Snapshot.Name;

    public string Description => Snapshot.Description;

    /// <summary>The calls running on this instance.</summary>
    public CallTracker Calls { get; } = new();

    public ToolInfo ToInfo() => new(Snapshot.Name, Snapshot.Description, Snapshot.Parameters, Source, FilePath);
}
