using System.Text;
using System.Text.Json;

namespace Agent42.Core.Outcomes;

/// <summary>
/// Reads <c>outcomes.jsonl</c>. A line that cannot be read (a crash mid-write leaves a truncated last line) is
/// skipped and reported with its number; every other line counts.
/// </summary>
/// <remarks>
/// Read by hand rather than through <see cref="OutcomeJsonContext"/>: old and hand-edited lines must read exactly as
/// they always have (fields checked in a fixed order, each problem with its own message, optional fields of the wrong
/// kind taken as absent), which a deserializer failing at the first bad token in document order cannot give. The
/// field names are those <see cref="OutcomeRecord"/> declares for writing.
/// </remarks>
internal static class OutcomeLog
{
    /// <summary>The whole log: its outcomes, and a line per line skipped, with its number and why.</summary>
    /// <exception cref="Storage.StateFileException">Something other than a regular file is at <paramref name="path"/>.</exception>
    public static (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) Read(string path)
    {
        var handle = OutcomeLogFile.OpenRead(path);
        if (handle is null)
        {
            return ([], []);
        }

        using var reader = new StreamReader(new FileStream(handle, FileAccess.Read), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(Lines(reader), Path.GetFileName(path));
    }

    /// <summary>
    /// Reads the log from <paramref name="position"/> (a line's start, 0 for the whole log) as it is at one instant:
    /// the outcomes in its lines from there, read as <see cref="Read"/> reads them, and where they end. A last line
    /// without its newline that does not read (a crash's fragment, or a write still under way) is left for later,
    /// and the batch ends where it starts; one that reads counts, and the batch says it ends inside a line. Null when
    /// the log is now shorter than <paramref name="position"/>.
    /// </summary>
    /// <exception cref="Storage.StateFileException">Something other than a regular file is at <paramref name="path"/>.</exception>
    public static OutcomeBatch? ReadFrom(string path, long position)
    {
        using var handle = OutcomeLogFile.OpenRead(path);
        if (handle is null)
        {
            return position == 0 ? new OutcomeBatch([], 0) : null;
        }

        var length = RandomAccess.GetLength(handle);
        if (length < position)
        {
            return null;
        }

        var bytes = new byte[length - position];
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), position + read) is var count and > 0)
        {
            // Fewer only if the file was cut back meanwhile; then what was read is the file's prefix as of now.
            read += count;
        }

        var complete = bytes.AsSpan(0, read).LastIndexOf((byte)'\n') + 1;
        var name = Path.GetFileName(path);
        var outcomes = new List<OutcomeRecord>(Parse(Lines(Decode(bytes, 0, complete, position == 0)), name).Outcomes);
        if (complete == read)
        {
            return new OutcomeBatch(outcomes, position + complete);
        }

        var tail = Decode(bytes, complete, read - complete, position == 0 && complete == 0).ReadToEnd();
        if (TryParse(tail.TrimEnd('\r'), out var last, out _))
        {
            outcomes.Add(last);
            return new OutcomeBatch(outcomes, position + read, EndsMidLine: true);
        }

        return new OutcomeBatch(outcomes, position + complete);
    }

    /// <summary>The same decoding as <see cref="File.ReadLines(string)"/>, byte order mark included at the log's start.</summary>
    private static StreamReader Decode(byte[] bytes, int offset, int count, bool atStart) =>
        new(new MemoryStream(bytes, offset, count), atStart ? Encoding.UTF8 : new UTF8Encoding(false), detectEncodingFromByteOrderMarks: atStart);

    private static IEnumerable<string> Lines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) Parse(IEnumerable<string> lines, string name)
    {
        var outcomes = new List<OutcomeRecord>();
        var skipped = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParse(line, out var outcome, out var problem))
            {
                outcomes.Add(outcome);
            }
            else
            {
                skipped.Add($"{name} line {number}: {problem}");
            }
        }

        return (outcomes, skipped);
    }

    public static bool TryParse(string line, out OutcomeRecord outcome, out string? problem)
    {
        outcome = null!;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return false;
            }

            var typeName = root.GetProperty("task_type").GetString() ?? string.Empty;
            if (!TaskTypeNames.TryParse(typeName, out var type))
            {
                problem = $"unknown task type '{typeName}'";
                return false;
            }

            outcome = new OutcomeRecord(
                root.TryGetProperty("task_id", out var id) ? id.GetString() ?? string.Empty : string.Empty,
                root.GetProperty("model_key").GetString() ?? throw new KeyNotFoundException("model_key"),
                type,
                root.GetProperty("success").GetBoolean(),
                root.GetProperty("iterations").GetInt32(),
                root.GetProperty("max_iterations").GetInt32(),
                root.TryGetProperty("critic_score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : null,
                root.GetProperty("prompt_tokens").GetInt64(),
                root.GetProperty("completion_tokens").GetInt64(),
                root.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number ? latency.GetDouble() : 0,
                root.TryGetProperty("recorded_at", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : DateTimeOffset.MinValue,
                root.TryGetProperty("trial", out var trial) && trial.ValueKind == JsonValueKind.True)
            {
                // Fields the evaluator does not read: taken when present and of the right kind, never a reason to skip.
                CriticKey = root.TryGetProperty("critic_key", out var critic) && critic.ValueKind == JsonValueKind.String ? critic.GetString() : null,
                StopReason = root.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString()! : string.Empty,
                ToolCalls = root.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Number && calls.TryGetInt32(out var n) ? n : 0,
                Failures = root.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Object ? Failures(failures) : new Dictionary<string, int>(),
                Layer = root.TryGetProperty("layer", out var layer) && layer.ValueKind == JsonValueKind.String ? layer.GetString()! : "default",
            };
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem = ex is KeyNotFoundException ? $"missing {ex.Message}" : "not a complete outcome record";
            return false;
        }
    }

    private static Dictionary<string, int> Failures(JsonElement failures)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var failure in failures.EnumerateObject())
        {
            if (failure.Value.ValueKind == JsonValueKind.Number && failure.Value.TryGetInt32(out var count))
            {
                counts[failure.Name] = count;
            }
        }

        return counts;
    }
}
