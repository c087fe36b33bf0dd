namespace Agent42.Core.Models.Catalog;

/// <summary>What one sync changed, by model key.</summary>
internal sealed record CatalogChanges(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Vanished,
    IReadOnlyList<string> TurnedPaid,
    IReadOnlyList<string> Returned)
{
    public static CatalogChanges None { get; } = new([], [], [], []);
}
