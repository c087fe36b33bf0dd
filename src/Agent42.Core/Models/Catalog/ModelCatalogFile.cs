using System.Text.Json.Serialization;

namespace Agent42.Core.Models.Catalog;

/// <summary>The persisted catalog, <c>data/model_catalog.json</c>.</summary>
internal sealed record ModelCatalogFile(
    int SchemaVersion,
    DateTimeOffset? FetchedAt,
    string Source,
    IReadOnlyList<KnownModel> Models)
{
    public const int CurrentSchemaVersion = 1;

    public static ModelCatalogFile Empty { get; } = new(CurrentSchemaVersion, null, "none", []);
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelCatalogFile))]
internal sealed partial class ModelCatalogJsonContext : JsonSerializerContext;
