namespace Agent42.Core.Models.Catalog;

/// <summary>
/// A real <c>/models</c> response shipped inside Agent42 (OpenRouter, 2026-05-01), so that a first run with no
/// network still has models to show and route to.
/// </summary>
internal static class ModelCatalogSnapshot
{
    public const string ResourceName = "Agent42.Core.Models.Catalog.openrouter-models-snapshot.json";
    public const string Date = "2026-05-01";

    public static CatalogParseResult Load()
    {
        using var stream = typeof(ModelCatalogSnapshot).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The catalog snapshot resource {ResourceName} is missing from this build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return OpenRouterCatalogParser.Parse(buffer.ToArray());
    }
}
