using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

/// <summary>
/// <c>model_performance.json</c>: the compacted summary of the outcome log that each rerank writes, per task type
/// every model's terms and posterior. A report for people and tools; the ranks themselves are always recomputed
/// from the log, so this file can be deleted without losing anything.
/// </summary>
internal sealed record PerformanceSummary(
    [property: JsonPropertyName("schema_version")] int SchemaVersion,
    [property: JsonPropertyName("computed_at")] DateTimeOffset ComputedAt,
    [property: JsonPropertyName("outcomes")] int Outcomes,
    [property: JsonPropertyName("types")] IReadOnlyDictionary<string, IReadOnlyList<PerformanceRow>> Types)
{
    public const int CurrentSchemaVersion = 1;

    public const string FileName = "model_performance.json";
}
