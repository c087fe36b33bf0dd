using System.Text.Json;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Catalog;

/// <summary>
/// <c>model_catalog.json</c> in the data directory: read once, written atomically. A file that cannot be read is
/// kept aside as <c>.corrupt-&lt;time&gt;</c>, with a warning, and the catalog starts again from the shipped snapshot.
/// </summary>
internal sealed partial class ModelCatalogStore(string dataDirectory, TimeProvider time, ILogger<ModelCatalogStore> logger)
{
    public const string FileName = "model_catalog.json";

    public string FilePath { get; } = Path.Combine(dataDirectory, FileName);

    public ModelCatalogFile Load()
    {
        if (!File.Exists(FilePath))
        {
            return ModelCatalogFile.Empty;
        }

        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ModelCatalogJsonContext.Default.ModelCatalogFile)
                ?? throw new JsonException("the file is empty");
            if (file.SchemaVersion > ModelCatalogFile.CurrentSchemaVersion)
            {
                throw new JsonException($"schema version {file.SchemaVersion} is newer than this Agent42 understands");
            }

            if (file.Models is null || file.Models.Any(m => m is null || string.IsNullOrEmpty(m.Key) || string.IsNullOrEmpty(m.Id)))
            {
                throw new JsonException("a model entry has no key or id");
            }

            return file;
        }
        catch (JsonException ex)
        {
            var kept = AtomicFile.QuarantineCorrupt(FilePath, time.GetUtcNow());
            LogCorrupt(FilePath, ex.Message, kept);
            return ModelCatalogFile.Empty;
        }
    }

    public void Save(ModelCatalogFile file) =>
        AtomicFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(file, ModelCatalogJsonContext.Default.ModelCatalogFile));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model catalog {Path} could not be read ({Problem}); it was kept as {Kept}")]
    private partial void LogCorrupt(string path, string problem, string kept);
}
