using System.Runtime.Versioning;
using System.Text;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Native;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Security.Handles;

/// <summary>
/// The file tools' boundary on Linux: every open goes through <see cref="BeneathResolver"/>, and every handle is
/// checked with <c>statx</c> before use (a regular file or directory, on the workspace's mount, one link unless
/// hard links are allowed, not the same file as one of Agent42's own). Writes create their temp file and rename
/// it within the parent's handle, so no path string is resolved twice.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxFileAccess(BeneathResolver resolver, ControlPaths controlPaths, WorkspaceSandboxOptions options) : IFileAccess
{
    private const int DirectoryBufferSize = 32 * 1024;
    private const int MaxEntriesPerDirectory = 100_000;

    public OpenedFile? OpenRead(WorkspacePath path, out FileRefusal? refusal)
    {
        if (path.Components.Count == 0)
        {
            refusal = new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory; use list_dir");
            return null;
        }

        // The parent by handle, then the name inside it: an edit writes back through this same directory handle.
        var directory = resolver.Open(path.Components.Take(path.Components.Count - 1).ToArray(), LinuxFileApi.OPath | LinuxFileApi.ODirectory, out var errno);
        if (directory is null)
        {
            refusal = FromErrno(path, errno);
            return null;
        }

        SafeFileHandle? handle = null;
        try
        {
            // Non-blocking so a FIFO cannot hold the tool; no controlling terminal from a tty device.
            var flags = LinuxFileApi.ORdOnly | LinuxFileApi.ONonBlock | LinuxFileApi.ONoCtty | LinuxFileApi.ONoFollow | LinuxFileApi.OCloExec;
            var fd = LinuxFileApi.OpenAt((int)directory.DangerousGetHandle(), path.Components[^1], flags, 0, out errno);
            if (fd < 0)
            {
                refusal = errno == LinuxFileApi.ENOTDIR
                    ? new FileRefusal(FileRefusalKind.NotFound, path.Given, "does not exist")
                    : FromErrno(path, errno);
                return null;
            }

            handle = new SafeFileHandle(fd, ownsHandle: true);
            if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno))
            {
                refusal = FromErrno(path, errno);
                return null;
            }

            refusal = CheckHandle(path, status, FileKind.Regular);
            if (refusal is not null)
            {
                return null;
            }

            var opened = new OpenedFile(new FileStream(handle, FileAccess.Read, bufferSize: 0), status.Size, path.Relative, directory);
            handle = null;
            directory = null;
            return opened;
        }
        finally
        {
            handle?.Dispose();
            directory?.Dispose();
        }
    }

    public async Task<FileRefusal?> WriteAsync(WorkspacePath path, ReadOnlyMemory<byte> contents, OpenedFile? readFrom, CancellationToken cancellationToken)
    {
        if (path.Components.Count == 0)
        {
            return new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory");
        }

        var name = path.Components[^1];
        var errno = 0;
        using var opened = readFrom?.Directory is null
            ? resolver.OpenOrCreateDirectory(path.Components.Take(path.Components.Count - 1).ToArray(), out errno)
            : null;
        var parent = readFrom?.Directory ?? opened;
        if (parent is null)
        {
            return errno is LinuxFileApi.ELOOP or LinuxFileApi.EXDEV or LinuxFileApi.ENAMETOOLONG
                ? FromErrno(path, errno)
                : throw WriteFailure(path, errno);
        }

        var parentFd = (int)parent.DangerousGetHandle();
        uint? keepPermissions = null;
        if (LinuxFileApi.TryStat(parentFd, name, LinuxFileApi.AtSymlinkNoFollow, out var existing, out _))
        {
            keepPermissions = existing.Kind == FileKind.Regular ? existing.Permissions : null;
            var refusal = existing.Kind switch
            {
                FileKind.Directory => new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory"),
                FileKind.Regular => null,
                _ => Describe(path, existing.Kind),
            };
            if (refusal is not null)
            {
                return refusal;
            }
        }

        var temp = $".{(name.Length > 100 ? name[..100] : name)}.{Guid.NewGuid():N}.tmp";
        var fd = LinuxFileApi.OpenAt(parentFd, temp,
            LinuxFileApi.OWrOnly | LinuxFileApi.OCreat | LinuxFileApi.OExcl | LinuxFileApi.ONoFollow | LinuxFileApi.OCloExec, 0x1B6, out errno);
        if (fd < 0)
        {
            throw WriteFailure(path, errno);
        }

        try
        {
            // A replaced file keeps its permissions, so editing a script leaves it executable.
            if (keepPermissions is { } permissions)
            {
                LinuxFileApi.FChmod(fd, permissions);
            }

            await using (var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0))
            {
                await stream.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (LinuxFileApi.RenameAt(parentFd, temp, parentFd, name, out errno) != 0)
            {
                LinuxFileApi.UnlinkAt(parentFd, temp, 0);
                throw WriteFailure(path, errno);
            }
        }
        catch
        {
            LinuxFileApi.UnlinkAt(parentFd, temp, 0);
            throw;
        }

        return null;
    }

    public IReadOnlyList<WorkspaceEntry>? List(WorkspacePath path, CancellationToken cancellationToken, out FileRefusal? refusal)
    {
        using var handle = resolver.Open(path.Components, LinuxFileApi.ORdOnly | LinuxFileApi.ODirectory | LinuxFileApi.ONonBlock, out var errno);
        if (handle is null)
        {
            refusal = errno == LinuxFileApi.ENOTDIR && Probe(path) is not null and not FileKind.Symlink
                ? new FileRefusal(FileRefusalKind.WrongType, path.Given, "is not a directory")
                : FromErrno(path, errno);
            return null;
        }

        var fd = (int)handle.DangerousGetHandle();
        if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno))
        {
            refusal = FromErrno(path, errno);
            return null;
        }

        refusal = CheckHandle(path, status, FileKind.Directory);
        if (refusal is not null)
        {
            return null;
        }

        var entries = new List<WorkspaceEntry>();
        var buffer = new byte[DirectoryBufferSize];
        while (entries.Count < MaxEntriesPerDirectory)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = LinuxFileApi.GetDents(fd, buffer);
            if (read <= 0)
            {
                break;
            }

            for (var offset = 0; offset < read;)
            {
                var record = buffer.AsSpan(offset);
                var length = BitConverter.ToUInt16(record[16..]);
                var type = record[18];
                var nameBytes = record[19..length];
                var name = Encoding.UTF8.GetString(nameBytes[..Math.Max(0, nameBytes.IndexOf((byte)0))]);
                offset += length;
                if (name is "." or "..")
                {
                    continue;
                }

                var kind = KindOfDirent(type);
                if (kind == FileKind.Unknown && LinuxFileApi.TryStat(fd, name, LinuxFileApi.AtSymlinkNoFollow, out var entryStatus, out _))
                {
                    kind = entryStatus.Kind;
                }

                entries.Add(new WorkspaceEntry(name, path.Child(name).Relative, kind));
            }
        }

        return entries;
    }

    public FileKind? Probe(WorkspacePath path)
    {
        using var handle = resolver.Open(path.Components, LinuxFileApi.OPath, out _);
        return handle is not null && LinuxFileApi.TryStat((int)handle.DangerousGetHandle(), string.Empty, 0, out var status, out _)
            ? status.Kind
            : null;
    }

    public void Dispose() => resolver.Dispose();

    private FileRefusal? CheckHandle(WorkspacePath path, FileStatus status, FileKind expected)
    {
        if (status.Kind != expected)
        {
            return status.Kind switch
            {
                FileKind.Directory => new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory; use list_dir"),
                FileKind.Regular => new FileRefusal(FileRefusalKind.WrongType, path.Given, "is not a directory"),
                _ => Describe(path, status.Kind),
            };
        }

        if (!resolver.IsOnWorkspaceMount(status))
        {
            return FileRefusal.Violation(path.Given, "is on another file system or mount than the workspace (a bind mount or mount point)");
        }

        if (status.Kind == FileKind.Regular && status.Links > 1)
        {
            // Another name for one of Agent42's own files is that file, whatever the link setting says.
            if (ProtectedFiles.Find(controlPaths, status) is { } own)
            {
                return FileRefusal.OwnFile(path.Given, own.Refusal("read", path.Given) + " (reached through a hard link)");
            }

            if (!options.AllowHardLinks)
            {
                return FileRefusal.Violation(path.Given,
                    $"has {status.Links} hard links, so it may be a file from outside the workspace (FILE_TOOLS_ALLOW_HARDLINKS=true lifts it)");
            }
        }

        return null;
    }

    private static FileRefusal Describe(WorkspacePath path, FileKind kind) => FileRefusal.Violation(path.Given, kind switch
    {
        FileKind.Symlink => "is a symlink (the file tools follow no links)",
        FileKind.Fifo => "is a FIFO, not a regular file",
        FileKind.CharacterDevice => "is a character device, not a regular file",
        FileKind.BlockDevice => "is a block device, not a regular file",
        FileKind.Socket => "is a socket, not a regular file",
        _ => "is not a regular file",
    });

    private static FileRefusal FromErrno(WorkspacePath path, int errno) => errno switch
    {
        LinuxFileApi.ELOOP => FileRefusal.Violation(path.Given, "is a symlink, or lies under one (the file tools follow no links)"),
        LinuxFileApi.EXDEV => FileRefusal.Violation(path.Given, "crosses into another mount (a bind mount or mount point) or leaves the workspace"),
        LinuxFileApi.ENOENT or LinuxFileApi.ENOTDIR => new FileRefusal(FileRefusalKind.NotFound, path.Given, "does not exist"),
        LinuxFileApi.ENAMETOOLONG => FileRefusal.Violation(path.Given, "is too long"),
        _ => new FileRefusal(FileRefusalKind.Io, path.Given, $"could not be opened: {LinuxFileApi.Describe(errno)}"),
    };

    // Not a refusal but the OS failing (a parent that is a file, a full disk, no permission): thrown, as writes always
    // did, so the host logs it as a tool failure.
    private static IOException WriteFailure(WorkspacePath path, int errno) =>
        new($"'{path.Given}' could not be written: {LinuxFileApi.Describe(errno)}");

    private static FileKind KindOfDirent(byte type) => type switch
    {
        1 => FileKind.Fifo,
        2 => FileKind.CharacterDevice,
        4 => FileKind.Directory,
        6 => FileKind.BlockDevice,
        8 => FileKind.Regular,
        10 => FileKind.Symlink,
        12 => FileKind.Socket,
        _ => FileKind.Unknown,
    };
}
