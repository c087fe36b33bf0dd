using System.Text.Json.Serialization;

namespace Agent42.Core.Routing;

/// <summary><c>dynamic_routing.json</c>, in the plan's format (plus the ordered fallbacks).</summary>
internal sealed record RoutingFile(
    [property: JsonPropertyName("last_updated")] DateTimeOffset LastUpdated,
    [property: JsonPropertyName("routing")] IReadOnlyDictionary<string, RoutingEntry> Routing,
    [property: JsonPropertyName("trials")] IReadOnlyDictionary<string, TrialEntry> Trials);

/// <summary>The learned routing of one task type.</summary>
/// <param name="Primary">The best proven model.</param>
/// <param name="Critic">The runner-up, as critic.</param>
/// <param name="Confidence">The probability, under the posteriors, that the primary's next run beats the runner-up's.</param>
/// <param name="SampleSize">The primary's outcomes on this task type.</param>
/// <param name="MaxIterations">The iteration limit for the type.</param>
/// <param name="Fallbacks">The other proven models, best first.</param>
internal sealed record RoutingEntry(
    [property: JsonPropertyName("primary")] string Primary,
    [property: JsonPropertyName("critic")] string? Critic,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("sample_size")] int SampleSize,
    [property: JsonPropertyName("max_iterations")] int MaxIterations,
    [property: JsonPropertyName("fallbacks")] IReadOnlyList<string>? Fallbacks = null);

/// <summary>A model still being tried.</summary>
internal sealed record TrialEntry(
    [property: JsonPropertyName("task_types_trialed")] IReadOnlyList<string> TaskTypesTrialed,
    [property: JsonPropertyName("completions")] int Completions,
    [property: JsonPropertyName("min_required")] int MinRequired);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RoutingFile))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
