namespace Agent42.Core.Models.Research;

/// <summary>One source's contribution to an averaged score.</summary>
internal sealed record ResearchSourceScore(string Source, double Score, DateTimeOffset Date);
