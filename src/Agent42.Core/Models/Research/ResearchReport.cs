namespace Agent42.Core.Models.Research;

/// <summary>What a research run did: each source's fate, and the file it wrote (null when research is disabled).</summary>
internal sealed record ResearchReport(bool Enabled, IReadOnlyList<SourceReport> Sources, ModelResearchFile? File)
{
    public static ResearchReport Disabled { get; } = new(false, [], null);
}
