namespace Agent42.Core.Models.Research;

/// <summary>
/// Folds one research run into the file as it is on disk, by source and model: a (source, model) pair this run scored
/// replaces that pair's old scores; every other pair is kept, so a source that failed this time, or a run in another
/// process that reached other sources, takes nothing away.
/// </summary>
internal static class ResearchMerge
{
    public static ModelResearchFile Apply(ModelResearchFile current, IReadOnlyList<ResearchScore> fresh, IEnumerable<UnmatchedName> unmatched, DateTimeOffset now)
    {
        var refreshed = fresh.Select(s => (s.Source, s.ModelId)).ToHashSet();
        var kept = Flatten(current).Where(s => !refreshed.Contains((s.Source, s.ModelId)));
        var names = unmatched.ToArray();
        var freshSources = fresh.Select(s => s.Source).Concat(names.Select(u => u.Source)).ToHashSet(StringComparer.Ordinal);
        var keptNames = current.Unmatched.Where(u => !freshSources.Contains(u.Source)).Concat(names);
        return ResearchAggregator.Build(kept.Concat(fresh), keptNames, now);
    }

    /// <summary>The file's scores as the per-source scores they were averaged from.</summary>
    private static IEnumerable<ResearchScore> Flatten(ModelResearchFile file)
    {
        foreach (var (model, capabilities) in file.Scores)
        {
            foreach (var (capability, entry) in capabilities)
            {
                if (entry.Sources is { Count: > 0 } sources)
                {
                    foreach (var source in sources)
                    {
                        yield return new ResearchScore(model, capability, source.Score, source.Source, source.Date);
                    }
                }
                else
                {
                    yield return new ResearchScore(model, capability, entry.Score, entry.Source, entry.Date);
                }
            }
        }
    }
}
