using System.Text;

namespace Agent42.Core.Storage;

/// <summary>
/// Writes a file so that a reader, or a crash, sees either the old content or the new, never a mix:
/// write a temp file beside it, flush it to disk, rename it over the target.
/// </summary>
internal static class AtomicFile
{
    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(contents), cancellationToken);

    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default)
    {
        var temp = PrepareTemp(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Encoding.UTF8.GetBytes(contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var temp = PrepareTemp(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Moves a file that could not be read out of the way, so the next write does not destroy what may still be
    /// recovered by hand.
    /// </summary>
    public static string QuarantineCorrupt(string path, DateTimeOffset now)
    {
        var target = $"{path}.corrupt-{now:yyyyMMddTHHmmssfff}";
        File.Move(path, target, overwrite: true);
        return target;
    }

    /// <summary>Creates the target's directory and names a hidden, unique temp file beside the target.</summary>
    private static string PrepareTemp(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temp file is hidden and named uniquely; a leftover harms nothing.
        }
    }
}
