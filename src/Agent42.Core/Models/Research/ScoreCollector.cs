namespace Agent42.Core.Models.Research;

/// <summary>What every parser does alike: resolve names, note the unmatched and the ambiguous, keep scores in 0-1.</summary>
internal sealed class ScoreCollector(ModelNameMatcher matcher, string source)
{
    private readonly List<ResearchScore> _scores = [];
    private readonly List<string> _unmatched = [];
    private readonly HashSet<string> _seenUnmatched = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    public string Source => source;

    /// <summary>
    /// The research key for the first of <paramref name="names"/> (a source's slug, then its display name) that
    /// matches, or null; the first name is then listed as unmatched, once.
    /// </summary>
    public string? Resolve(params string?[] names)
    {
        var tried = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).ToArray();
        IReadOnlyList<string> ambiguous = [];
        foreach (var name in tried)
        {
            if (matcher.Match(name, out var candidates) is { } key)
            {
                return key;
            }

            ambiguous = ambiguous.Count > 0 ? ambiguous : candidates;
        }

        if (tried.Length > 0 && _seenUnmatched.Add(tried[0]))
        {
            _unmatched.Add(tried[0]);
            if (ambiguous.Count > 0)
            {
                _problems.Add($"'{tried[0]}' is ambiguous ({string.Join(", ", ambiguous)}); add an alias to pick one");
            }
        }

        return null;
    }

    public void Add(string key, string capability, double score, DateTimeOffset date)
    {
        if (!double.IsFinite(score))
        {
            return;
        }

        _scores.Add(new ResearchScore(key, capability, Math.Clamp(score, 0, 1), source, date));
    }

    public void Problem(string problem) => _problems.Add(problem);

    public SourceParseResult Result() => new(_scores, _unmatched, _problems);
}
