using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

/// <summary>The real 2026-05-01 catalog as matcher input, shared by the research tests.</summary>
internal static class ResearchTestModels
{
    public static IReadOnlyList<(string Id, string CanonicalSlug)> Snapshot { get; } =
        ModelCatalogSnapshot.Load().Models.Select(m => (m.Id, m.CanonicalSlug)).ToArray();

    public static ModelNameMatcher Matcher(IReadOnlyDictionary<string, string>? aliases = null) => new(Snapshot, aliases);

    public static readonly DateTimeOffset Date = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
}
