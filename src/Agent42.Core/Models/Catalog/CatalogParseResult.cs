namespace Agent42.Core.Models.Catalog;

/// <summary>The models read from a catalog response, and the entries skipped with why.</summary>
internal sealed record CatalogParseResult(IReadOnlyList<CatalogModel> Models, IReadOnlyList<string> Skipped);
