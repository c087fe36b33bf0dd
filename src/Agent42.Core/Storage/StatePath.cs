using Agent42.Core.Native;

namespace Agent42.Core.Storage;

/// <summary>
/// Checks that a state path is a regular file or absent before it is read or written. A FIFO at a state path would
/// block every command that opens it; a directory reads as "no file yet" to <see cref="File.Exists"/>, after which a
/// write fails late, when a finished task's outcome is being recorded. Both are refused up front, saying what is there.
/// </summary>
internal static class StatePath
{
    /// <summary>True when a regular file is at <paramref name="path"/> (links followed), false when nothing is.</summary>
    /// <param name="path">The state file.</param>
    /// <param name="holds">What Agent42 keeps there, for the message: "the task queue", "the outcome log".</param>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    public static bool RegularOrAbsent(string path, string holds)
    {
        var kind = KindOf(path);
        return kind switch
        {
            FileKind.Regular => true,
            null => false,
            _ => throw NotRegular(path, kind.Value, holds),
        };
    }

    /// <summary>
    /// The length of the regular file at <paramref name="path"/> (links followed), or 0 when nothing is there: what
    /// <see cref="RegularOrAbsent"/> then <see cref="FileInfo.Length"/> say, from one statx on Linux (the outcome log's
    /// follower asks this on every decision and every recorded outcome).
    /// </summary>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    public static long RegularLengthOrZero(string path, string holds)
    {
        if (!OperatingSystem.IsLinux())
        {
            return RegularOrAbsent(path, holds) ? new FileInfo(path).Length : 0;
        }

        if (LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, path, 0, out var status, out var errno))
        {
            return status.Kind == FileKind.Regular ? status.Size : throw NotRegular(path, status.Kind, holds);
        }

        return errno is LinuxFileApi.ENOENT or LinuxFileApi.ENOTDIR
            ? 0
            : throw new StateFileException($"{path} cannot be examined: {LinuxFileApi.Describe(errno)}");
    }

    /// <summary>The error for <paramref name="kind"/> found where Agent42 keeps <paramref name="holds"/>.</summary>
    public static StateFileException NotRegular(string path, FileKind kind, string holds) => new(
        $"{path} is {Describe(kind)}, not a regular file; Agent42 keeps {holds} there. Move it away (Agent42 will start a new one) or point AGENT42_DATA_DIR elsewhere.");

    /// <summary>
    /// Opens a state file so that whatever is at the path cannot hang or mislead the caller: with <c>O_NONBLOCK</c> (a
    /// FIFO does not block the open), then checked on the open handle to be a regular file, so something swapped in
    /// after the check on the name is caught too. Null when nothing is there and <paramref name="create"/> is false.
    /// </summary>
    /// <param name="flags">The open(2) flags (O_CLOEXEC, O_NONBLOCK and O_NOCTTY are added).</param>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenRegular(string path, int flags, string holds, bool create)
    {
        // Said up front with the usual message: a directory fails the open with EISDIR, a socket with ENXIO, which say less.
        if (!RegularOrAbsent(path, holds) && !create)
        {
            return null;
        }

        var fd = LinuxFileApi.OpenAt(LinuxFileApi.AtFdCwd, path, flags | LinuxFileApi.OCloExec | LinuxFileApi.ONonBlock | LinuxFileApi.ONoCtty,
            0x1b6, out var errno);
        if (fd < 0)
        {
            return errno is LinuxFileApi.ENOENT or LinuxFileApi.ENOTDIR && !create
                ? null
                : throw new IOException($"{path} ({holds}) cannot be opened: {LinuxFileApi.Describe(errno)}");
        }

        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno) || status.Kind != FileKind.Regular)
        {
            handle.Dispose();
            throw errno != 0
                ? new StateFileException($"{path} ({holds}) cannot be examined: {LinuxFileApi.Describe(errno)}")
                : NotRegular(path, status.Kind, holds);
        }

        return handle;
    }

    /// <summary>What is at <paramref name="path"/> (links followed); null when nothing is.</summary>
    public static FileKind? KindOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            if (LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, path, 0, out var status, out var errno))
            {
                return status.Kind;
            }

            return errno is LinuxFileApi.ENOENT or LinuxFileApi.ENOTDIR
                ? null
                : throw new StateFileException($"{path} cannot be examined: {LinuxFileApi.Describe(errno)}");
        }

        // Elsewhere .NET tells only files from directories; other kinds are rare there.
        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : null;
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Symlink => "a symbolic link",
        FileKind.Regular => "a regular file",
        _ => "a file of an unknown kind",
    };
}
