using System.Runtime.Versioning;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Native;

namespace Agent42.Core.Security.Handles;

/// <summary>
/// Finds which of Agent42's unreadable files a handle is, by device and inode, so a hard link to <c>.env</c> or to a
/// file in the data directory is refused like the file itself. Only asked about files with more than one link.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ProtectedFiles
{
    // Enough for any real data directory; a bigger one is not searched further (the link-count rule still applies).
    private const int MaxFilesPerDirectory = 10_000;

    public static ControlPath? Find(ControlPaths controlPaths, FileStatus status)
    {
        foreach (var entry in controlPaths.Entries.Where(e => e.Access == ControlPathAccess.None))
        {
            if (!entry.IsDirectory)
            {
                if (LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, entry.FullPath, 0, out var own, out _) && own.IsSameFileAs(status))
                {
                    return entry;
                }

                continue;
            }

            if (!Directory.Exists(entry.FullPath))
            {
                continue;
            }

            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var file in Directory.EnumerateFiles(entry.FullPath, "*", options).Take(MaxFilesPerDirectory))
            {
                if (LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, file, LinuxFileApi.AtSymlinkNoFollow, out var own, out _) && own.IsSameFileAs(status))
                {
                    return entry;
                }
            }
        }

        return null;
    }
}
