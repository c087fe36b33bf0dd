using System.Text.Json.Serialization;

namespace Agent42.Core.Models.Catalog;

/// <summary>
/// A free OpenRouter model Agent42 has seen, with its key and whether it can be routed to now. Models that
/// vanish or turn paid are kept, marked, so their history stays.
/// </summary>
internal sealed record KnownModel(
    string Key,
    string Id,
    string CanonicalSlug,
    string Name,
    int? ContextLength,
    bool SupportsTools,
    bool SupportsReasoning,
    ModelStatus Status,
    DateTimeOffset StatusSince,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>Only free models are tracked, so the tier is always free for now; cheap and premium come with paid providers.</summary>
    [JsonPropertyName("tier")]
    public string Tier => "free";

    public bool IsRoutable => Status == ModelStatus.Available;
}
