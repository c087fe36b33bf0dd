namespace Agent42.Core.Models.Research;

/// <summary>How one source fared: skipped (and why), or run with its score count and problems.</summary>
internal sealed record SourceReport(string Source, bool Skipped, int Scores, IReadOnlyList<string> Problems)
{
    public bool Failed => !Skipped && Scores == 0 && Problems.Count > 0;
}
