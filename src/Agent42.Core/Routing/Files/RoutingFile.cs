using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

/// <summary><c>dynamic_routing.json</c>, in the plan's format (plus the ordered fallbacks).</summary>
internal sealed record RoutingFile(
    [property: JsonPropertyName("last_updated")] DateTimeOffset LastUpdated,
    [property: JsonPropertyName("routing")] IReadOnlyDictionary<string, RoutingEntry> Routing,
    [property: JsonPropertyName("trials")] IReadOnlyDictionary<string, TrialEntry> Trials);
