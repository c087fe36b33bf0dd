namespace Agent42.Core.Models.Research;

/// <summary>What one source's parser read: the scores, the names no catalog model matched, and what was wrong.</summary>
internal sealed record SourceParseResult(IReadOnlyList<ResearchScore> Scores, IReadOnlyList<string> Unmatched, IReadOnlyList<string> Problems)
{
    public static SourceParseResult Failed(string problem) => new([], [], [problem]);
}
