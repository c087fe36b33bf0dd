using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>What reading one text came to: a total per type, the hits behind them, and whether it only refers back.</summary>
internal sealed class PromptScores(string text, IReadOnlyList<(TaskType Type, int Start, int End)> counted, double[] totals, bool onlyFollowUpWords)
{
    /// <summary>The total per type, indexed by the type's value.</summary>
    public double[] Totals { get; } = totals;

    /// <summary>Every word of the text is one a follow-up is made of ("and the other one?").</summary>
    public bool OnlyFollowUpWords { get; } = onlyFollowUpWords;

    /// <summary>The words that counted for <paramref name="type"/>, lower case, whitespace as one space, in text order, once each.</summary>
    public IReadOnlyList<string> EvidenceFor(TaskType type)
    {
        var evidence = new List<string>();
        foreach (var (hitType, start, end) in counted)
        {
            if (hitType != type)
            {
                continue;
            }

            var word = string.Join(' ', text[start..end].ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (!evidence.Contains(word, StringComparer.Ordinal))
            {
                evidence.Add(word);
            }
        }

        return evidence;
    }
}
