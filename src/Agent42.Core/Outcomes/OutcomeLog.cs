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
    public static (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) Read(string path)
    {
        if (!File.Exists(path))
        {
            return ([], []);
        }

        return Parse(File.ReadLines(path), Path.GetFileName(path));
    }

    /// <summary>
    /// Reads the log as it is at one instant: the outcomes in exactly its first <c>Length</c> bytes, read as
    /// <see cref="Read"/> would read a file of that length, and whether those bytes end inside a line (a crash's
    /// torn line, or a write still under way). Someone keeping running sums of the log can then take appended
    /// lines from that offset on, which <see cref="Read"/> cannot tell them: lines may be appended while it reads.
    /// </summary>
    public static (IReadOnlyList<OutcomeRecord> Outcomes, long Length, bool EndsMidLine) ReadAsOfNow(string path)
    {
        byte[] bytes;
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            bytes = new byte[stream.Length];
            // Fewer only if the file was cut back meanwhile; then what was read is the file's prefix as of now.
            length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], 0, false);
        }

        // The same decoding as File.ReadLines, byte order mark included.
        using var reader = new StreamReader(new MemoryStream(bytes, 0, length), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var (outcomes, _) = Parse(Lines(reader), Path.GetFileName(path));
        return (outcomes, length, length > 0 && bytes[length - 1] != (byte)'\n');
    }

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
