namespace Agent42.Core.Models.Catalog;

/// <summary>What <c>models sync</c> did: where the catalog came from, what changed, and any problem.</summary>
/// <param name="Succeeded">Whether the catalog was fetched and read.</param>
/// <param name="Source">The URL fetched, or the snapshot or cache used instead.</param>
/// <param name="Problem">Why the fetch failed, when it did.</param>
/// <param name="CatalogSize">Entries in the response (when fetched).</param>
/// <param name="Skipped">Entries that could not be read, with why.</param>
/// <param name="Changes">What changed among the known free models.</param>
/// <param name="Models">The known free models after the sync.</param>
/// <param name="FetchedAt">When the catalog in use was fetched.</param>
internal sealed record CatalogSyncReport(
    bool Succeeded,
    string Source,
    string? Problem,
    int CatalogSize,
    IReadOnlyList<string> Skipped,
    CatalogChanges Changes,
    IReadOnlyList<KnownModel> Models,
    DateTimeOffset? FetchedAt)
{
    public int Available => Models.Count(m => m.IsRoutable);

    public int AvailableWithTools => Models.Count(m => m.IsRoutable && m.SupportsTools);
}
