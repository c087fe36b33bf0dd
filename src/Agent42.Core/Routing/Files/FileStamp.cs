using System.IO.Abstractions;
using Agent42.Core.Native;
using Agent42.Core.Storage;

namespace Agent42.Core.Routing.Files;

/// <summary>A file's state as far as a cache of what was read from it cares: there or not, when written, how long.</summary>
internal readonly record struct FileStamp(bool Exists, DateTime WrittenUtc, long Length)
{
    private const int AtSymlinkNoFollow = 0x100;

    /// <summary>
    /// The stamp of what is at <paramref name="path"/> (links followed); on Linux from one statx, without the FileInfo
    /// a check on every routing decision used to allocate.
    /// </summary>
    public static FileStamp Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            if (LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, path, 0, out var status, out _))
            {
                return status.Kind == FileKind.Directory ? default : new FileStamp(true, status.ModifiedUtc, status.Size);
            }

            // Nothing there, the common case, answered without FileInfo; a link to nothing is left to FileInfo, as before.
            if (!LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, path, AtSymlinkNoFollow, out _, out _))
            {
                return default;
            }
        }

        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
    }

    /// <summary>The stamp of what is at <paramref name="path"/> on <paramref name="fileSystem"/>.</summary>
    public static FileStamp Of(IFileSystem fileSystem, string path) =>
        StateFileSystem.IsOs(fileSystem) ? Of(path) : Of(fileSystem.FileInfo.New(path));

    private static FileStamp Of(IFileInfo info) => info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
}
