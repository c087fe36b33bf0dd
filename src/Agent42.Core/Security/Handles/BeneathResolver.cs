using System.Runtime.Versioning;
using Agent42.Core.Native;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Security.Handles;

/// <summary>
/// Opens paths beneath the workspace's directory handle in one step, following no link and crossing no mount:
/// <c>openat2</c> with <c>RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV</c>, or,
/// where the kernel lacks it, a walk of <c>openat(O_NOFOLLOW | O_DIRECTORY)</c> that checks each directory's mount.
/// A path string is never handed to the kernel from the file system's root, so a folder swapped for a symlink
/// between a check and a use cannot lead outside: the swap makes the open fail instead.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class BeneathResolver : IDisposable
{
    private const ulong Resolve = LinuxFileApi.ResolveBeneath | LinuxFileApi.ResolveNoSymlinks
        | LinuxFileApi.ResolveNoMagicLinks | LinuxFileApi.ResolveNoXdev;

    private readonly SafeFileHandle _root;
    private readonly bool _hasOpenat2;

    /// <param name="root">The workspace directory.</param>
    /// <param name="useOpenat2">False to always walk component by component, as on kernels without <c>openat2</c>.</param>
    public BeneathResolver(string root, bool useOpenat2 = true)
    {
        var fd = LinuxFileApi.OpenAt(LinuxFileApi.AtFdCwd, root, LinuxFileApi.ORdOnly | LinuxFileApi.ODirectory | LinuxFileApi.OCloExec, 0, out var errno);
        if (fd < 0)
        {
            throw new DirectoryNotFoundException($"The workspace '{root}' could not be opened: {LinuxFileApi.Describe(errno)}");
        }

        _root = new SafeFileHandle(fd, ownsHandle: true);
        if (!LinuxFileApi.TryStat(RootFd, string.Empty, 0, out var status, out errno))
        {
            throw new IOException($"The workspace '{root}' could not be examined: {LinuxFileApi.Describe(errno)}");
        }

        RootStatus = status;
        // Kernels before 5.6 answer ENOSYS; some container seccomp profiles answer EPERM for a call they do not know.
        var probe = LinuxFileApi.OpenAt2(RootFd, ".", LinuxFileApi.OPath | LinuxFileApi.OCloExec, 0, Resolve, out errno);
        _hasOpenat2 = probe >= 0 && useOpenat2;
        if (probe >= 0)
        {
            new SafeFileHandle(probe, ownsHandle: true).Dispose();
        }
    }

    /// <summary>The workspace directory's own status: its device and mount are the only ones a handle may be on.</summary>
    public FileStatus RootStatus { get; }

    /// <summary>Whether the kernel resolves with <c>openat2</c> (else the per-component walk is used).</summary>
    public bool UsesOpenat2 => _hasOpenat2;

    private int RootFd => (int)_root.DangerousGetHandle();

    /// <summary>
    /// Opens <paramref name="components"/> (plain names, no <c>.</c> or <c>..</c>; none for the workspace itself)
    /// with <paramref name="flags"/>. Returns null and an errno on failure: <c>ELOOP</c> for a link anywhere on the
    /// way, <c>EXDEV</c> for a mount crossed.
    /// </summary>
    public SafeFileHandle? Open(IReadOnlyList<string> components, int flags, out int errno)
    {
        flags |= LinuxFileApi.OCloExec | LinuxFileApi.ONoFollow;
        if (components.Count == 0)
        {
            return Wrap(LinuxFileApi.OpenAt(RootFd, ".", flags & ~LinuxFileApi.ONoFollow, 0, out errno));
        }

        if (_hasOpenat2)
        {
            // Without O_NOFOLLOW a final link is "followed" and so refused by RESOLVE_NO_SYMLINKS with ELOOP, as one on
            // the way is; with it, O_PATH would open the link itself and O_DIRECTORY would call it "not a directory".
            var path = string.Join('/', components);
            for (var attempt = 0; ; attempt++)
            {
                var fd = LinuxFileApi.OpenAt2(RootFd, path, flags & ~LinuxFileApi.ONoFollow, 0, Resolve, out errno);
                // EAGAIN: a rename raced with the lookup; the kernel asks for a retry.
                if (fd >= 0 || errno != LinuxFileApi.EAGAIN || attempt == 3)
                {
                    return Wrap(fd);
                }
            }
        }

        return Walk(components, flags, create: false, out errno);
    }

    /// <summary>Opens the directory <paramref name="components"/> for use as a parent, creating what is missing.</summary>
    public SafeFileHandle? OpenOrCreateDirectory(IReadOnlyList<string> components, out int errno)
    {
        var flags = LinuxFileApi.OPath | LinuxFileApi.ODirectory;
        var handle = Open(components, flags, out errno);
        if (handle is not null || errno != LinuxFileApi.ENOENT)
        {
            return handle;
        }

        return Walk(components, flags | LinuxFileApi.OCloExec | LinuxFileApi.ONoFollow, create: true, out errno);
    }

    /// <summary>Whether <paramref name="status"/> is on the workspace's device and mount.</summary>
    public bool IsOnWorkspaceMount(FileStatus status) =>
        status.Device == RootStatus.Device && status.MountId == RootStatus.MountId;

    public void Dispose() => _root.Dispose();

    private static SafeFileHandle? Wrap(int fd) => fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null;

    private SafeFileHandle? Walk(IReadOnlyList<string> components, int finalFlags, bool create, out int errno)
    {
        var directoryFlags = LinuxFileApi.OPath | LinuxFileApi.ODirectory | LinuxFileApi.ONoFollow | LinuxFileApi.OCloExec;
        SafeFileHandle? current = null;
        try
        {
            for (var i = 0; i < components.Count; i++)
            {
                var last = i == components.Count - 1;
                var parentFd = current is null ? RootFd : (int)current.DangerousGetHandle();
                var flags = last ? finalFlags : directoryFlags;
                var fd = LinuxFileApi.OpenAt(parentFd, components[i], flags, 0, out errno);
                if (fd < 0 && errno == LinuxFileApi.ENOENT && create)
                {
                    if (LinuxFileApi.MkdirAt(parentFd, components[i], 0x1FF, out errno) != 0 && errno != LinuxFileApi.EEXIST)
                    {
                        return null;
                    }

                    fd = LinuxFileApi.OpenAt(parentFd, components[i], flags, 0, out errno);
                }

                if (fd < 0)
                {
                    // O_NOFOLLOW with O_DIRECTORY reports a link as "not a directory"; say what it is.
                    if (errno == LinuxFileApi.ENOTDIR
                        && LinuxFileApi.TryStat(parentFd, components[i], LinuxFileApi.AtSymlinkNoFollow, out var linkStatus, out _)
                        && linkStatus.Kind == FileKind.Symlink)
                    {
                        errno = LinuxFileApi.ELOOP;
                    }

                    return null;
                }

                var next = new SafeFileHandle(fd, ownsHandle: true);
                current?.Dispose();
                current = next;
                if (!LinuxFileApi.TryStat(fd, string.Empty, 0, out var status, out errno))
                {
                    return null;
                }

                if (status.Kind == FileKind.Symlink)
                {
                    errno = LinuxFileApi.ELOOP;
                    return null;
                }

                if (!IsOnWorkspaceMount(status))
                {
                    errno = LinuxFileApi.EXDEV;
                    return null;
                }
            }

            var opened = current;
            current = null;
            errno = 0;
            return opened;
        }
        finally
        {
            current?.Dispose();
        }
    }
}
