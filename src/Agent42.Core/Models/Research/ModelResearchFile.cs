namespace Agent42.Core.Models.Research;

/// <summary>
/// <c>data/model_research.json</c>: scores by research key, then by capability, under <c>"scores"</c> (not at the
/// top level: the Python build wrote them nested and read them flat, so none was ever applied).
/// </summary>
internal sealed record ModelResearchFile(
    int SchemaVersion,
    DateTimeOffset? LastResearch,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResearchEntry>> Scores,
    IReadOnlyList<UnmatchedName> Unmatched)
{
    public const int CurrentSchemaVersion = 1;

    public static ModelResearchFile Empty { get; } = new(CurrentSchemaVersion, null, new Dictionary<string, IReadOnlyDictionary<string, ResearchEntry>>(), []);
}
