namespace Agent42.Core.Models.Research;

/// <summary>
/// Combines scores from several sources into the file model. For one model and capability each source's scores
/// are first averaged (so a source with two categories for one capability counts once), then the sources are
/// averaged with equal weight; the sources are kept with their own scores.
/// </summary>
internal static class ResearchAggregator
{
    public static ModelResearchFile Build(IEnumerable<ResearchScore> scores, IEnumerable<UnmatchedName> unmatched, DateTimeOffset researchedAt)
    {
        var models = new SortedDictionary<string, IReadOnlyDictionary<string, ResearchEntry>>(StringComparer.Ordinal);
        foreach (var model in scores.GroupBy(s => s.ModelId, StringComparer.Ordinal))
        {
            var entries = new SortedDictionary<string, ResearchEntry>(StringComparer.Ordinal);
            foreach (var capability in model.GroupBy(s => s.Capability, StringComparer.Ordinal))
            {
                var perSource = capability
                    .GroupBy(s => s.Source, StringComparer.Ordinal)
                    .Select(g => new ResearchSourceScore(g.Key, Math.Round(g.Average(s => s.Score), 4), g.Max(s => s.Date)))
                    .OrderBy(s => s.Source, StringComparer.Ordinal)
                    .ToList();
                entries[capability.Key] = new ResearchEntry(
                    Math.Round(perSource.Average(s => s.Score), 4),
                    string.Join('+', perSource.Select(s => s.Source)),
                    perSource.Max(s => s.Date),
                    perSource);
            }

            models[model.Key] = entries;
        }

        var names = unmatched.Distinct().OrderBy(u => u.Source, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
        return new ModelResearchFile(ModelResearchFile.CurrentSchemaVersion, researchedAt, models, names);
    }
}
