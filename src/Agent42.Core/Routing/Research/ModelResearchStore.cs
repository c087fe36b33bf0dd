using System.Text.Json;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Routing.Research;

/// <summary>
/// <c>model_research.json</c> in the data directory, written atomically. A file that cannot be read is kept aside
/// as <c>.corrupt-&lt;time&gt;</c>, with a warning, and research starts again from nothing.
/// </summary>
internal sealed partial class ModelResearchStore(string dataDirectory, TimeProvider time, ILogger<ModelResearchStore> logger)
{
    public const string FileName = "model_research.json";

    public string FilePath { get; } = Path.Combine(dataDirectory, FileName);

    public ModelResearchFile Load()
    {
        if (!File.Exists(FilePath))
        {
            return ModelResearchFile.Empty;
        }

        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ModelResearchJsonContext.Default.ModelResearchFile)
                ?? throw new JsonException("the file is empty");
            if (file.SchemaVersion > ModelResearchFile.CurrentSchemaVersion)
            {
                throw new JsonException($"schema version {file.SchemaVersion} is newer than this Agent42 understands");
            }

            if (file.Scores is null || file.Scores.Values.Any(s => s is null || s.Values.Any(e => e is null || !(e.Score is >= 0 and <= 1))))
            {
                throw new JsonException("\"scores\" is missing or holds a score outside 0-1");
            }

            return file with { Unmatched = file.Unmatched ?? [] };
        }
        catch (JsonException ex)
        {
            var kept = AtomicFile.QuarantineCorrupt(FilePath, time.GetUtcNow());
            LogCorrupt(FilePath, ex.Message, kept);
            return ModelResearchFile.Empty;
        }
    }

    public void Save(ModelResearchFile file) =>
        AtomicFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(file, ModelResearchJsonContext.Default.ModelResearchFile));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model research {Path} could not be read ({Problem}); it was kept as {Kept}")]
    private partial void LogCorrupt(string path, string problem, string kept);
}
