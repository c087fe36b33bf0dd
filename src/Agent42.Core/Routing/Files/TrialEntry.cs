using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

/// <summary>A model still being tried.</summary>
internal sealed record TrialEntry(
    [property: JsonPropertyName("task_types_trialed")] IReadOnlyList<string> TaskTypesTrialed,
    [property: JsonPropertyName("completions")] int Completions,
    [property: JsonPropertyName("min_required")] int MinRequired);
