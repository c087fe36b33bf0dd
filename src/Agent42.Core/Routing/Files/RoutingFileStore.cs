using System.IO.Abstractions;
using System.Text.Json;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Routing.Files;

/// <summary>
/// Reads <c>dynamic_routing.json</c> again whenever it changes on disk (by time and size), so an edit or a rerank
/// is picked up by the next task. A file that cannot be read (damaged, or a FIFO or directory, which is never opened
/// blocking) is ignored with a warning and the last good routing stays in use; <see cref="RoutingFileCheck"/> names
/// it on every command until it is rewritten. A rerank replaces it under its <see cref="StateFileLock"/>, and a
/// damaged file is first copied aside as <c>.corrupt-&lt;time&gt;</c>, so what may be recovered by hand survives.
/// </summary>
internal sealed partial class RoutingFileStore(string path, ILogger logger, TimeProvider? time = null, IFileSystem? fileSystem = null)
{
    public const string Holds = "the learned routing";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IFileSystem _fs = fileSystem ?? StateFileSystem.Os;
    private (DateTime Written, long Length) _stamp;
    private RoutingFile? _current;

    public string Path { get; } = path;

    public RoutingFile? Current()
    {
        lock (_gate)
        {
            var found = FileStamp.Of(_fs, Path);
            if (!found.Exists)
            {
                return _current;
            }

            var stamp = (found.WrittenUtc, found.Length);
            if (stamp == _stamp)
            {
                return _current;
            }

            _stamp = stamp;
            try
            {
                var bytes = StateFileSystem.ReadAllBytesOrNull(_fs, Path, Holds) ?? throw new FileNotFoundException("the file is gone", Path);
                _current = Parse(bytes, out var problem) ?? throw new JsonException(problem);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                // _current still holds the last routing that was read whole.
                LogUnreadable(Path, ex.Message, _current is null ? "the built-in defaults" : "the last good routing");
            }

            return _current;
        }
    }

    /// <summary>Replaces the file, copying a damaged one aside first; under the file's lock.</summary>
    /// <exception cref="StateFileException">Something other than a regular file is at the path.</exception>
    public void Save(RoutingFile file)
    {
        using var held = StateFileSystem.Lock(_fs, Path);
        if (StateFileSystem.ReadAllBytesOrNull(_fs, Path, Holds) is { } old && Parse(old, out var problem) is null)
        {
            var kept = AtomicFile.CorruptName(Path, _time.GetUtcNow());
            _fs.File.Copy(Path, kept, overwrite: true);
            StateFileLog.Corrupt(logger, Path, problem!, kept);
        }

        AtomicFile.WriteAllBytes(_fs, Path, JsonSerializer.SerializeToUtf8Bytes(file, RoutingJsonContext.Default.RoutingFile));
    }

    /// <summary>A rerank after a recorded outcome could not write the file; the run's answer stands, the file is named.</summary>
    public void ReportSaveFailed(Exception problem) => LogSaveFailed(Path, problem.Message);

    /// <summary>The routing in <paramref name="bytes"/>; null with the problem when they are not a routing file.</summary>
    public static RoutingFile? Parse(byte[] bytes, out string? problem)
    {
        try
        {
            var read = JsonSerializer.Deserialize(bytes, RoutingJsonContext.Default.RoutingFile);
            problem = read is null ? "the file is empty" : read.Routing is null ? "it has no \"routing\" object" : null;
            return problem is null ? read : null;
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The routing file {Path} could not be read ({Problem}); using {Kept}")]
    private partial void LogUnreadable(string path, string problem, string kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The routing file {Path} could not be written ({Problem}); the outcome is recorded, and the next rerank tries again")]
    private partial void LogSaveFailed(string path, string problem);
}
