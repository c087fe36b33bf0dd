using System.Text.Json;
using Agent42.Core.Agent;

namespace Agent42.Core.Routing;

/// <summary>
/// Reads <c>outcomes.jsonl</c>. A line that cannot be read (a crash mid-write leaves a truncated last line) is
/// skipped and reported with its number; every other line counts.
/// </summary>
internal static class OutcomeLog
{
    public static (IReadOnlyList<RecordedOutcome> Outcomes, IReadOnlyList<string> Skipped) Read(string path)
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
    public static (IReadOnlyList<RecordedOutcome> Outcomes, long Length, bool EndsMidLine) ReadAsOfNow(string path)
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

    private static (IReadOnlyList<RecordedOutcome> Outcomes, IReadOnlyList<string> Skipped) Parse(IEnumerable<string> lines, string name)
    {
        var outcomes = new List<RecordedOutcome>();
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

    public static bool TryParse(string line, out RecordedOutcome outcome, out string? problem)
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
            if (!TaskTypeDefaults.TryParse(typeName, out var type))
            {
                problem = $"unknown task type '{typeName}'";
                return false;
            }

            outcome = new RecordedOutcome(
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
                root.TryGetProperty("trial", out var trial) && trial.ValueKind == JsonValueKind.True);
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem = ex is KeyNotFoundException ? $"missing {ex.Message}" : "not a complete outcome record";
            return false;
        }
    }
}
