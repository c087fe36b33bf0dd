using Microsoft.Extensions.Logging;

namespace Agent42.Core.Storage;

/// <summary>
/// Removes the temp files (<c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>) that <see cref="AtomicFile"/> writes left behind
/// when their process was killed between the write and the rename. Another process may be mid-write right now, so a
/// temp is removed only when no live writer can own it:
/// <list type="bullet">
/// <item>for a state file whose writers write under its <see cref="StateFileLock"/>, while holding that lock (taken
/// without waiting; a held lock means a writer is live, and its temps are left for the next start);</item>
/// <item>for any other file, once the temp is older than <see cref="StaleAfter"/>.</item>
/// </list>
/// </summary>
internal static partial class AtomicTempSweeper
{
    /// <summary>
    /// A write's temp lives from its create to its rename: milliseconds for the few megabytes Agent42 writes, seconds
    /// on a disk that stalls. Ten minutes is far past any live write yet short enough that a crash's leftovers go at the
    /// next start of the day.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan SweepWait = TimeSpan.FromMilliseconds(250);

    /// <summary>Sweeps <paramref name="directory"/> (not its subdirectories); returns how many temps were removed.</summary>
    /// <param name="directory">A directory Agent42 writes atomically into.</param>
    /// <param name="lockedTargets">File names in it whose every write takes the file's <see cref="StateFileLock"/>.</param>
    /// <param name="now">The time to age temps against.</param>
    /// <param name="logger">Told of each removal.</param>
    public static int Sweep(string directory, IReadOnlySet<string> lockedTargets, DateTimeOffset now, ILogger logger)
    {
        IEnumerable<IGrouping<string, string>> byTarget;
        try
        {
            byTarget = Directory.EnumerateFiles(directory, ".*.tmp")
                .Select(path => AtomicFile.TryParseTempName(Path.GetFileName(path), out var target) ? (path, target) : (path, target: (string?)null))
                .Where(t => t.target is not null)
                .GroupBy(t => t.target!, t => t.path, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        var removed = 0;
        foreach (var temps in byTarget)
        {
            removed += lockedTargets.Contains(temps.Key)
                ? SweepUnderLock(Path.Combine(directory, temps.Key), temps, logger)
                : temps.Count(temp => IsStale(temp, now) && TryRemove(temp, logger));
        }

        return removed;
    }

    private static int SweepUnderLock(string target, IEnumerable<string> temps, ILogger logger)
    {
        StateFileLock held;
        try
        {
            // Not zero: for a moment after a holder lets go, a child process being started elsewhere in this process
            // (fork before exec) still shares the lock file's description, so the lock looks held; a live writer
            // holds it for milliseconds, so a short wait still tells one from the other.
            held = StateFileLock.Acquire(target, SweepWait);
        }
        catch (StateFileException)
        {
            // A writer holds the lock (its temp is live), or the lock file is unusable, which the state's own use reports.
            return 0;
        }

        using (held)
        {
            return temps.Count(temp => TryRemove(temp, logger));
        }
    }

    private static bool IsStale(string temp, DateTimeOffset now)
    {
        try
        {
            return now - new DateTimeOffset(File.GetLastWriteTimeUtc(temp), TimeSpan.Zero) > StaleAfter;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryRemove(string temp, ILogger logger)
    {
        try
        {
            if (!File.Exists(temp))
            {
                return false;
            }

            File.Delete(temp);
            LogRemoved(logger, temp);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Temp}, the temp file of a write that never finished")]
    private static partial void LogRemoved(ILogger logger, string temp);
}
