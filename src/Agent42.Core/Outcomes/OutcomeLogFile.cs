using Agent42.Core.Native;
using Agent42.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Outcomes;

/// <summary>
/// Opens the outcome log (and the file its torn fragments go to) so that whatever is at the path cannot hang or
/// mislead the caller: on Linux with <c>O_NONBLOCK</c> (a FIFO does not block the open) and then checked on the open
/// handle to be a regular file; appends through <c>O_APPEND</c>, so every write lands at the end as it is then, not
/// at a length seen earlier.
/// </summary>
internal static class OutcomeLogFile
{
    public const string Holds = "the outcome log";

    /// <summary>The log opened for reading, or null when nothing is at <paramref name="path"/>.</summary>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    public static SafeFileHandle? OpenRead(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return StatePath.RegularOrAbsent(path, Holds)
                ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)
                : null;
        }

        return StatePath.OpenRegular(path, LinuxFileApi.ORdOnly, Holds, create: false);
    }

    /// <summary>
    /// <paramref name="path"/> opened for reading and appending, created if absent; its directory is created too.
    /// Elsewhere than Linux, without <c>O_APPEND</c>: callers write at the length they read under the state lock.
    /// </summary>
    /// <exception cref="StateFileException">Something other than a regular file is there.</exception>
    public static SafeFileHandle OpenAppend(string path, string holds = Holds)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!OperatingSystem.IsLinux())
        {
            StatePath.RegularOrAbsent(path, holds);
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }

        return StatePath.OpenRegular(path, LinuxFileApi.ORdWr | LinuxFileApi.OAppend | LinuxFileApi.OCreat, holds, create: true)!;
    }
}
