using System.Text.Json;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Routing.Files;

/// <summary>
/// Reads <c>dynamic_routing.json</c> again whenever it changes on disk (by time and size), so an edit or a rerank
/// is picked up by the next task. A file that cannot be read is ignored with a warning and the last good routing
/// stays in use.
/// </summary>
internal sealed partial class RoutingFileStore(string path, ILogger logger)
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length) _stamp;
    private RoutingFile? _current;

    public string Path { get; } = path;

    public RoutingFile? Current()
    {
        lock (_gate)
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                return _current;
            }

            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (stamp == _stamp)
            {
                return _current;
            }

            _stamp = stamp;
            try
            {
                var read = JsonSerializer.Deserialize(File.ReadAllBytes(Path), RoutingJsonContext.Default.RoutingFile)
                    ?? throw new JsonException("the file is empty");
                _current = read.Routing is null ? throw new JsonException("it has no \"routing\" object") : read;
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                // _current still holds the last routing that was read whole.
                LogUnreadable(Path, ex.Message, _current is null ? "the built-in defaults" : "the last good routing");
            }

            return _current;
        }
    }

    public void Save(RoutingFile file)
    {
        AtomicFile.WriteAllBytes(Path, JsonSerializer.SerializeToUtf8Bytes(file, RoutingJsonContext.Default.RoutingFile));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The routing file {Path} could not be read ({Problem}); using {Kept}")]
    private partial void LogUnreadable(string path, string problem, string kept);
}
