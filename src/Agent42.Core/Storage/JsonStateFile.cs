using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Storage;

/// <summary>
/// A JSON file of Agent42's state in the data directory: written atomically; read tolerantly. A file that cannot be
/// read, or that <c>validate</c> rejects, is kept aside as <c>.corrupt-&lt;time&gt;</c> with a warning naming the
/// problem, and the empty state is used instead, so nothing that could be recovered by hand is overwritten.
/// </summary>
internal sealed class JsonStateFile<T>(
    string path,
    JsonTypeInfo<T> typeInfo,
    Func<T, string?> validate,
    T empty,
    TimeProvider time,
    ILogger logger)
    where T : class
{
    public string FilePath { get; } = path;

    public T Load()
    {
        if (!File.Exists(FilePath))
        {
            return empty;
        }

        try
        {
            var value = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), typeInfo) ?? throw new JsonException("the file is empty");
            return validate(value) is { } problem ? throw new JsonException(problem) : value;
        }
        catch (JsonException ex)
        {
            var kept = AtomicFile.QuarantineCorrupt(FilePath, time.GetUtcNow());
            StateFileLog.Corrupt(logger, FilePath, ex.Message, kept);
            return empty;
        }
    }

    public void Save(T value) => AtomicFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
}
