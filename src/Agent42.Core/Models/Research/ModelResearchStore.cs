using System.IO.Abstractions;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Research;

/// <summary>
/// <c>model_research.json</c> in the data directory, written atomically. A file that cannot be read is kept aside
/// as <c>.corrupt-&lt;time&gt;</c>, with a warning, and research starts again from nothing.
/// </summary>
internal sealed class ModelResearchStore(string dataDirectory, TimeProvider time, ILogger<ModelResearchStore> logger, IFileSystem? fileSystem = null)
{
    public const string FileName = "model_research.json";

    private readonly JsonStateFile<ModelResearchFile> _file = new(
        fileSystem ?? StateFileSystem.Os,
        Path.Combine(dataDirectory, FileName),
        "the model research scores",
        ModelResearchJsonContext.Default.ModelResearchFile,
        file => file.SchemaVersion > ModelResearchFile.CurrentSchemaVersion
            ? $"schema version {file.SchemaVersion} is newer than this Agent42 understands"
            : file.Scores is null || file.Scores.Values.Any(s => s is null || s.Values.Any(e => e is null || !(e.Score is >= 0 and <= 1)))
                ? "\"scores\" is missing or holds a score outside 0-1"
                : null,
        ModelResearchFile.Empty,
        time,
        logger);

    public string FilePath => _file.FilePath;

    public ModelResearchFile Load()
    {
        var file = _file.Load();
        return file.Unmatched is null ? file with { Unmatched = [] } : file;
    }

    public void Save(ModelResearchFile file) => _file.Save(file);

    /// <summary>Folds a change into the file as it is on disk now, under its lock.</summary>
    public ModelResearchFile Update(Func<ModelResearchFile, ModelResearchFile> change) =>
        _file.Update(current => change(current.Unmatched is null ? current with { Unmatched = [] } : current));
}
