using Agent42.Core.Native;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Storage;

/// <summary>
/// Reads a state file whole, refusing anything but a regular file. The kind is checked on the opened handle, not on
/// the name first, so a FIFO swapped in between the check and the open cannot block the read: the open itself is
/// non-blocking, and a FIFO, directory or device is named in the error instead of read.
/// </summary>
internal static class StateFileRead
{
    /// <summary>The file's bytes; null when nothing is at <paramref name="path"/>.</summary>
    /// <param name="path">The state file.</param>
    /// <param name="holds">What Agent42 keeps there, for the message.</param>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    public static byte[]? ReadAllBytesOrNull(string path, string holds)
    {
        if (!OperatingSystem.IsLinux())
        {
            return StatePath.RegularOrAbsent(path, holds) ? File.ReadAllBytes(path) : null;
        }

        using var handle = StatePath.OpenRegular(path, LinuxFileApi.ORdOnly, holds, create: false);
        if (handle is null)
        {
            return null;
        }

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var buffer = new MemoryStream(stream.Length is > 0 and < int.MaxValue ? (int)stream.Length : 0);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The file's text (UTF-8); null when nothing is there.</summary>
    public static string? ReadAllTextOrNull(string path, string holds)
    {
        if (ReadAllBytesOrNull(path, holds) is not { } bytes)
        {
            return null;
        }

        // As File.ReadAllText decodes: a byte order mark is dropped.
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
