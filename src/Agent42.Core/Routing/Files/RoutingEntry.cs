using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

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
