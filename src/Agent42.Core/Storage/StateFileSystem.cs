using System.IO.Abstractions;
using Agent42.Core.Native;

namespace Agent42.Core.Storage;

/// <summary>
/// The one seam where a state file's <see cref="IFileSystem"/> decides whose behaviour applies; nothing else in the
/// stores asks which file system it has. The machine's (<see cref="FileSystem"/>, which the host registers) is the
/// OS's: several Agent42 processes share its files, so the lock is <see cref="StateFileLock"/> (flock across
/// processes), a path's kind comes from statx and a read opens non-blocking and checks the handle, so a FIFO or device
/// is refused, never waited on. Any other file system (a MockFileSystem in tests) lives inside this one process:
/// nothing outside it sees its files, so <see cref="InProcessStateLock"/>, keyed by the path, is total exclusion, and
/// it has no FIFOs or devices, so its own File and Directory tell the kinds. Writing, flushing, renaming, copying and
/// listing go through the <see cref="IFileSystem"/> on both alike.
/// </summary>
internal static class StateFileSystem
{
    /// <summary>The machine's file system, for callers outside the container (and the tests that run on a real directory).</summary>
    public static IFileSystem Os { get; } = new FileSystem();

    /// <summary>Whether paths on <paramref name="fileSystem"/> reach the OS, where other processes and other kinds of file live.</summary>
    public static bool IsOs(IFileSystem fileSystem) => fileSystem is FileSystem;

    /// <summary>The lock around a read-merge-write of <paramref name="statePath"/>.</summary>
    /// <exception cref="StateFileException">The lock stayed held past <paramref name="timeout"/>, or its file is unusable.</exception>
    public static IDisposable Lock(IFileSystem fileSystem, string statePath, TimeSpan? timeout = null) => IsOs(fileSystem)
        ? StateFileLock.Acquire(statePath, timeout)
        : InProcessStateLock.Acquire(fileSystem, statePath, timeout);

    /// <inheritdoc cref="Lock"/>
    public static async Task<IDisposable> LockAsync(IFileSystem fileSystem, string statePath, CancellationToken cancellationToken = default) =>
        IsOs(fileSystem)
            ? await StateFileLock.AcquireAsync(statePath, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await InProcessStateLock.AcquireAsync(fileSystem, statePath, cancellationToken).ConfigureAwait(false);

    /// <summary>What is at <paramref name="path"/>; null when nothing is.</summary>
    /// <exception cref="StateFileException">The path cannot be examined.</exception>
    public static FileKind? KindOf(IFileSystem fileSystem, string path) => IsOs(fileSystem)
        ? StatePath.KindOf(path)
        : fileSystem.Directory.Exists(path) ? FileKind.Directory : fileSystem.File.Exists(path) ? FileKind.Regular : null;

    /// <inheritdoc cref="StatePath.RegularOrAbsent"/>
    public static bool RegularOrAbsent(IFileSystem fileSystem, string path, string holds) => KindOf(fileSystem, path) switch
    {
        FileKind.Regular => true,
        null => false,
        var kind => throw StatePath.NotRegular(path, kind.Value, holds),
    };

    /// <inheritdoc cref="StatePath.RegularLengthOrZero"/>
    public static long RegularLengthOrZero(IFileSystem fileSystem, string path, string holds) => IsOs(fileSystem)
        ? StatePath.RegularLengthOrZero(path, holds)
        : RegularOrAbsent(fileSystem, path, holds) ? fileSystem.FileInfo.New(path).Length : 0;

    /// <inheritdoc cref="StateFileRead.ReadAllBytesOrNull"/>
    public static byte[]? ReadAllBytesOrNull(IFileSystem fileSystem, string path, string holds)
    {
        if (IsOs(fileSystem))
        {
            return StateFileRead.ReadAllBytesOrNull(path, holds);
        }

        try
        {
            return RegularOrAbsent(fileSystem, path, holds) ? fileSystem.File.ReadAllBytes(path) : null;
        }
        catch (FileNotFoundException)
        {
            // Removed between the look and the read, as the OS read's open answers ENOENT with null.
            return null;
        }
    }
}
