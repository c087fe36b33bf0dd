using System.Text.Json.Serialization;
using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>The persisted form of the task queue (<c>tasks.json</c> in the data directory).</summary>
internal sealed record TaskQueueFile(
    [property: JsonPropertyName("schema_version")] int SchemaVersion,
    [property: JsonPropertyName("tasks")] IReadOnlyList<AgentTask> Tasks)
{
    public const int CurrentSchemaVersion = 1;
}
