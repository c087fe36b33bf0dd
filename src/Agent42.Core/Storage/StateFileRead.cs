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

        var fd = LinuxFileApi.OpenAt(LinuxFileApi.AtFdCwd, path,
            LinuxFileApi.ORdOnly | LinuxFileApi.OCloExec | LinuxFileApi.ONonBlock | LinuxFileApi.ONoCtty, 0, out var errno);
        if (fd < 0)
        {
            if (errno is LinuxFileApi.ENOENT or LinuxFileApi.ENOTDIR)
            {
                return null;
            }

            // A socket cannot be opened at all (ENXIO); the name's kind says what it is.
            StatePath.RegularOrAbsent(path, holds);
            throw new IOException($"{path} ({holds}) cannot be opened: {LinuxFileApi.Describe(errno)}");
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno))
        {
            throw new IOException($"{path} ({holds}) cannot be examined: {LinuxFileApi.Describe(errno)}");
        }

        if (status.Kind != FileKind.Regular)
        {
            throw StatePath.NotRegular(path, status.Kind, holds);
        }

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var buffer = new MemoryStream(status.Size is > 0 and < int.MaxValue ? (int)status.Size : 0);
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
