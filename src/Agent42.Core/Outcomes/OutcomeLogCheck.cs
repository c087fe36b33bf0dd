using System.Globalization;
using Agent42.Core.Native;
using Agent42.Core.Storage;

namespace Agent42.Core.Outcomes;

/// <summary>
/// Names the outcome log's unreadable lines on every command, not only in <c>routing rerank</c>. The count is kept in
/// <c>.outcomes.jsonl.check</c> beside the log with the log's size and modification time, so a command reads the log
/// again only when it changed since the last command looked.
/// </summary>
internal sealed class OutcomeLogCheck(string logPath) : IStateCheck
{
    private const string Holds = "the outcome check's cache";

    public string CachePath { get; } = Path.Combine(Path.GetDirectoryName(logPath)!, "." + Path.GetFileName(logPath) + ".check");

    public IEnumerable<StateProblem> Check()
    {
        // A FIFO or directory here is named by the state path check; it is never opened.
        if (StatePath.KindOf(logPath) != FileKind.Regular)
        {
            return [];
        }

        var info = new FileInfo(logPath);
        var stamp = string.Create(CultureInfo.InvariantCulture, $"{info.Length} {info.LastWriteTimeUtc.Ticks}");
        var (count, first) = Cached(stamp) ?? Count(stamp);
        return count == 0
            ? []
            : [new StateProblem($"{count} line{(count == 1 ? string.Empty : "s")} of the outcome log cannot be read (first: {first})", logPath, null,
                "those runs do not count in routing", "repair or delete those lines; 'agent42 routing rerank' lists them")];
    }

    private (int Count, string First)? Cached(string stamp)
    {
        try
        {
            var lines = (StateFileRead.ReadAllTextOrNull(CachePath, Holds) ?? string.Empty).Split('\n');
            return lines.Length >= 3 && lines[0] == stamp && int.TryParse(lines[1], CultureInfo.InvariantCulture, out var count)
                ? (count, lines[2])
                : null;
        }
        catch (IOException)
        {
            // A damaged or odd cache is only a cache: count again.
            return null;
        }
    }

    private (int Count, string First) Count(string stamp)
    {
        var skipped = OutcomeLog.Read(logPath).Skipped;
        var first = skipped.Count > 0 ? skipped[0].ReplaceLineEndings(" ") : string.Empty;
        try
        {
            if (StatePath.KindOf(CachePath) is null or FileKind.Regular)
            {
                AtomicFile.WriteAllText(CachePath, string.Create(CultureInfo.InvariantCulture, $"{stamp}\n{skipped.Count}\n{first}\n"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Read-only data directory: the count is right, only not kept.
        }

        return (skipped.Count, first);
    }
}
