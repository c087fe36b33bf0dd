using System.Globalization;
using System.Text.RegularExpressions;

namespace Agent42.Core.Agent;

/// <summary>
/// A critic's answer read: approved when its first line starts with <c>APPROVED</c>; the feedback is the rest; the
/// score is the last <c>SCORE: x</c> in it, clamped to 0..1, or absent (never 0) when missing or unreadable.
/// </summary>
internal sealed partial record CriticVerdict(bool Approved, string Feedback, double? Score)
{
    public static CriticVerdict Parse(string text)
    {
        var trimmed = text.Trim();
        var firstLine = trimmed.Split('\n', 2)[0].Trim().TrimStart('*', '#', ' ');
        var approved = firstLine.StartsWith("APPROVED", StringComparison.OrdinalIgnoreCase);
        double? score = null;
        var matches = ScorePattern().Matches(trimmed);
        if (matches.Count > 0 && double.TryParse(matches[^1].Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && !double.IsNaN(parsed))
        {
            score = Math.Clamp(parsed, 0, 1);
        }

        // An approval's first line is the verdict, not feedback.
        var body = approved ? (trimmed.Split('\n', 2) is [_, var rest] ? rest : string.Empty) : trimmed;
        var feedback = ScorePattern().Replace(body, string.Empty).Trim();
        return new CriticVerdict(approved, feedback, score);
    }

    /// <summary>
    /// The share of words two critiques have in common (Jaccard over lower-case words): above 0.85 the critic is
    /// saying the same thing again, and another iteration would not change the answer.
    /// </summary>
    public static double Overlap(string a, string b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        var common = left.Intersect(right).Count();
        return (double)common / left.Union(right).Count();
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"SCORE\s*[:=]\s*([0-9]*\.?[0-9]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ScorePattern();

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
