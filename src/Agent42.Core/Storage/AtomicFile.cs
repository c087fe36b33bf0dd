using System.IO.Abstractions;
using System.Text;

namespace Agent42.Core.Storage;

/// <summary>
/// Writes a file so that a reader, or a crash, sees either the old content or the new, never a mix:
/// write a temp file beside it, flush it to disk, rename it over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Called with the target and the temp file once the temp is on disk, just before the rename. Set only by the
    /// tests' startup hook (through reflection, in a child process they start), to hold a writer where a kill -9
    /// leaves a temp behind; nothing a model or a setting reaches sets it.
    /// </summary>
    internal static Action<string, string>? BeforeRename;

    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(StateFileSystem.Os, path, Encoding.UTF8.GetBytes(contents), cancellationToken);

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(StateFileSystem.Os, path, contents, cancellationToken);

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> on <paramref name="fileSystem"/>: temp beside it, flushed to disk, renamed over it.</summary>
    public static async Task WriteAllBytesAsync(IFileSystem fileSystem, string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default)
    {
        var temp = PrepareTemp(fileSystem, path);
        try
        {
            await using (var stream = fileSystem.FileStream.New(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            BeforeRename?.Invoke(path, temp);
            fileSystem.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string contents) => WriteAllBytes(StateFileSystem.Os, path, Encoding.UTF8.GetBytes(contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents) => WriteAllBytes(StateFileSystem.Os, path, contents);

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> on <paramref name="fileSystem"/>: temp beside it, flushed to disk, renamed over it.</summary>
    public static void WriteAllBytes(IFileSystem fileSystem, string path, ReadOnlySpan<byte> contents)
    {
        var temp = PrepareTemp(fileSystem, path);
        try
        {
            using (var stream = fileSystem.FileStream.New(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            BeforeRename?.Invoke(path, temp);
            fileSystem.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }
    }

    /// <summary>
    /// Moves a file that could not be read out of the way, so the next write does not destroy what may still be
    /// recovered by hand.
    /// </summary>
    public static string QuarantineCorrupt(string path, DateTimeOffset now) => QuarantineCorrupt(StateFileSystem.Os, path, now);

    /// <inheritdoc cref="QuarantineCorrupt(string, DateTimeOffset)"/>
    public static string QuarantineCorrupt(IFileSystem fileSystem, string path, DateTimeOffset now)
    {
        var target = CorruptName(path, now);
        fileSystem.File.Move(path, target, overwrite: true);
        return target;
    }

    /// <summary>Where a file that could not be read at <paramref name="now"/> is kept: <c>&lt;path&gt;.corrupt-&lt;time&gt;</c>.</summary>
    public static string CorruptName(string path, DateTimeOffset now) => $"{path}.corrupt-{now:yyyyMMddTHHmmssfff}";

    /// <summary>Creates the target's directory and names a hidden, unique temp file beside the target.</summary>
    private static string PrepareTemp(IFileSystem fileSystem, string path)
    {
        var directory = fileSystem.Path.GetDirectoryName(fileSystem.Path.GetFullPath(path))!;
        fileSystem.Directory.CreateDirectory(directory);
        return fileSystem.Path.Combine(directory, TempName(fileSystem.Path.GetFileName(path)));
    }

    /// <summary>The hidden temp name a write of <paramref name="fileName"/> uses: <c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>.</summary>
    public static string TempName(string fileName) => $".{fileName}.{Guid.NewGuid():N}.tmp";

    /// <summary>The target's file name when <paramref name="fileName"/> is one of <see cref="TempName"/>'s.</summary>
    public static bool TryParseTempName(string fileName, out string target)
    {
        target = string.Empty;
        const int GuidLength = 32;
        const string Suffix = ".tmp";
        var stem = fileName.Length - Suffix.Length - GuidLength - 1;
        if (stem < 2 || fileName[0] != '.' || !fileName.EndsWith(Suffix, StringComparison.Ordinal) || fileName[stem] != '.'
            || fileName.AsSpan(stem + 1, GuidLength).ContainsAnyExcept("0123456789abcdef"))
        {
            return false;
        }

        target = fileName[1..stem];
        return true;
    }

    private static void TryDelete(IFileSystem fileSystem, string path)
    {
        try
        {
            fileSystem.File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temp file is hidden and named uniquely; a leftover harms nothing.
        }
    }
}
