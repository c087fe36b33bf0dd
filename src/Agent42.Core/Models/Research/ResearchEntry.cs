namespace Agent42.Core.Models.Research;

/// <summary>
/// A model's averaged score for one capability: <see cref="Source"/> names every source joined with <c>+</c>,
/// <see cref="Date"/> is the newest source date, and <see cref="Sources"/> keeps each source's own score.
/// </summary>
internal sealed record ResearchEntry(double Score, string Source, DateTimeOffset Date, IReadOnlyList<ResearchSourceScore>? Sources = null);
