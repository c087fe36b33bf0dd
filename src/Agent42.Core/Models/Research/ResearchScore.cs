namespace Agent42.Core.Models.Research;

/// <summary>
/// One source's 0-1 score for one model and capability. <paramref name="ModelId"/> is the model's research key:
/// its OpenRouter id without <c>:free</c>, since a free variant and its paid twin are the same weights.
/// </summary>
internal sealed record ResearchScore(string ModelId, string Capability, double Score, string Source, DateTimeOffset Date);
