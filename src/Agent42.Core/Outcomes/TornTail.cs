using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Outcomes;

/// <summary>
/// Repairs the end of the outcome log before a batch is appended, with the log's lock held. A log that does not end
/// in a newline ends in a fragment: a crash or a full disk stopped a write part-way. Appended to as it is, the next
/// line would be glued to the fragment and read as part of it, lost though its caller was told it was recorded. So
/// the fragment is moved aside first, to <c>outcomes.jsonl.torn</c> with a header saying where it came from, and cut
/// off the log, and the batch starts on a line of its own.
/// </summary>
/// <remarks>
/// A last line that lacks only its newline but reads as a whole outcome (a hand edit) is kept and given its newline
/// instead: it is no fragment, and every reader counts it.
/// </remarks>
internal static class TornTail
{
    public const string Suffix = ".torn";

    // Far beyond any outcome line; a longer fragment is not one that lost only its newline.
    private const int MaxRecordLength = 1 << 20;
    private const int ScanChunk = 64 * 1024;

    /// <summary>
    /// Makes the log end at a line's end; returns its length then, and whether the batch must begin with a newline
    /// (the last line was a whole outcome without one).
    /// </summary>
    public static (long Length, bool NeedsNewline) Repair(SafeFileHandle log, string path, TimeProvider time)
    {
        var length = RandomAccess.GetLength(log);
        if (length == 0)
        {
            return (0, false);
        }

        var start = LastLineStart(log, length);
        if (start == length)
        {
            return (length, false);
        }

        var fragmentLength = length - start;
        if (fragmentLength <= MaxRecordLength && IsWholeOutcome(log, start, (int)fragmentLength))
        {
            return (length, true);
        }

        SetAside(log, path, start, length, time);
        RandomAccess.SetLength(log, start);
        return (start, false);
    }

    /// <summary>Where the log's last line starts: just past its last newline, or 0.</summary>
    private static long LastLineStart(SafeFileHandle log, long length)
    {
        // The usual log, ending in a newline, is told by its last byte: reading a 64 KiB chunk to find that newline
        // was most of what an append allocated, once per batch.
        Span<byte> last = stackalloc byte[1];
        if (RandomAccess.Read(log, last, length - 1) == 1 && last[0] == (byte)'\n')
        {
            return length;
        }

        var chunk = (int)Math.Min(ScanChunk, length);
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            var end = length;
            while (end > 0)
            {
                var from = Math.Max(0, end - chunk);
                var count = (int)(end - from);
                var read = RandomAccess.Read(log, buffer.AsSpan(0, count), from);
                var newline = buffer.AsSpan(0, read).LastIndexOf((byte)'\n');
                if (newline >= 0)
                {
                    return from + newline + 1;
                }

                end = from;
            }

            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsWholeOutcome(SafeFileHandle log, long start, int length)
    {
        var bytes = new byte[length];
        var read = RandomAccess.Read(log, bytes, start);
        return OutcomeLog.TryParse(Encoding.UTF8.GetString(bytes, 0, read).TrimEnd('\r'), out _, out _);
    }

    /// <summary>Appends the fragment, byte for byte, to the torn file and fsyncs it before the log loses it.</summary>
    private static void SetAside(SafeFileHandle log, string path, long start, long end, TimeProvider time)
    {
        var tornPath = path + Suffix;
        using var torn = OutcomeLogFile.OpenAppend(tornPath, "the outcome log's torn fragments");
        var at = RandomAccess.GetLength(torn);
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"# {time.GetUtcNow():O}: {end - start} byte(s) from {path} at offset {start}, a last line without its newline, set aside before the next outcome was appended\n"));
        RandomAccess.Write(torn, header, at);
        at += header.Length;
        var buffer = new byte[(int)Math.Min(ScanChunk, end - start)];
        for (var from = start; from < end;)
        {
            var read = RandomAccess.Read(log, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - from)), from);
            if (read == 0)
            {
                break;
            }

            RandomAccess.Write(torn, buffer.AsSpan(0, read), at);
            at += read;
            from += read;
        }

        RandomAccess.Write(torn, "\n"u8, at);
        RandomAccess.FlushToDisk(torn);
    }
}
