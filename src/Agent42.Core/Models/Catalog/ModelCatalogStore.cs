using System.IO.Abstractions;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Catalog;

/// <summary>
/// <c>model_catalog.json</c> in the data directory: written atomically, changed by read-merge-write under its lock. A
/// file that cannot be read is kept aside as <c>.corrupt-&lt;time&gt;</c>, with a warning, and the catalog starts again
/// from the shipped snapshot (named on every command by <see cref="Storage.QuarantineCheck"/> until a sync writes one).
/// </summary>
internal sealed class ModelCatalogStore(string dataDirectory, TimeProvider time, ILogger<ModelCatalogStore> logger, IFileSystem? fileSystem = null)
{
    public const string FileName = "model_catalog.json";

    private readonly JsonStateFile<ModelCatalogFile> _file = new(
        fileSystem ?? StateFileSystem.Os,
        Path.Combine(dataDirectory, FileName),
        "the model catalog",
        ModelCatalogJsonContext.Default.ModelCatalogFile,
        file => file.SchemaVersion > ModelCatalogFile.CurrentSchemaVersion
            ? $"schema version {file.SchemaVersion} is newer than this Agent42 understands"
            : file.Models is null || file.Models.Any(m => m is null || string.IsNullOrEmpty(m.Key) || string.IsNullOrEmpty(m.Id))
                ? "a model entry has no key or id"
                : null,
        ModelCatalogFile.Empty,
        time,
        logger);

    public string FilePath => _file.FilePath;

    public ModelCatalogFile Load() => _file.Load();

    public void Save(ModelCatalogFile file) => _file.Save(file);

    /// <summary>
    /// Folds a change into the catalog as it is on disk now, under its lock: a second <c>models sync</c> merges into
    /// what the first wrote, so first-seen dates and history never go back.
    /// </summary>
    public ModelCatalogFile Update(Func<ModelCatalogFile, ModelCatalogFile> change) => _file.Update(change);
}
