using System.Text.Json.Serialization;

namespace Agent42.Core.Tasks;

/// <summary>The persisted form of the task queue (<c>tasks.json</c> in the data directory).</summary>
/// <remarks>
/// The lease fields came in without a version change: a file without them reads as tasks nobody holds, so a task a
/// previous version left running is taken again by the next dequeue.
/// </remarks>
internal sealed record TaskQueueFile(
    [property: JsonPropertyName("schema_version")] int SchemaVersion,
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskFileEntry> Tasks)
{
    public const int CurrentSchemaVersion = 1;
}
