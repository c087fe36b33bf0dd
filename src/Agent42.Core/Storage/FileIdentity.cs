using Agent42.Core.Native;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Storage;

/// <summary>
/// Which file an open handle is (device and inode), and whether a path still names it: what a writer that keeps a
/// handle open between uses checks before each, since the file at the path may have been moved, removed or replaced.
/// Linux only; elsewhere nothing is known, so nothing is kept.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file <paramref name="handle"/> has open, or null when it cannot be read.</summary>
    public static FileIdentity? Of(SafeFileHandle handle) =>
        OperatingSystem.IsLinux() && LinuxFileApi.TryStat((int)handle.DangerousGetHandle(), string.Empty, 0, out var status, out _)
            ? new FileIdentity(status.Device, status.Inode)
            : null;

    /// <summary>Whether <paramref name="path"/>, not followed if a link, is a regular file and this one.</summary>
    public bool IsAt(string path) =>
        OperatingSystem.IsLinux()
        && LinuxFileApi.TryStat(LinuxFileApi.AtFdCwd, path, LinuxFileApi.AtSymlinkNoFollow, out var status, out _)
        && status.Kind == FileKind.Regular && new FileIdentity(status.Device, status.Inode) == this;
}
