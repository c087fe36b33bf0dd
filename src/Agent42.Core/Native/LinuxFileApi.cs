using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Agent42.Core.Native;

/// <summary>
/// The few Linux system calls the file tools open files with (beneath a directory handle and without following links),
/// and the state files lock and append with (flock, O_APPEND), which .NET's FileStream does not expose.
/// Flag values differ between x86_64 and the generic layout arm64 uses, so they are chosen by architecture.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class LinuxFileApi
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;
    public const int EPERM = 1;

    public const int EWOULDBLOCK = EAGAIN;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int ORdWr = 2;
    public const int OAppend = 0x400;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;

    public const ulong ResolveNoXdev = 0x01;
    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int LockUnlock = 8;

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;

    private const long SysOpenat2 = 437;
    private const int StatxBufferSize = 256;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxMountId = 0x1000;

    private static readonly bool GenericLayout = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public static int ODirectory => GenericLayout ? 0x4000 : 0x10000;

    public static int ONoFollow => GenericLayout ? 0x8000 : 0x20000;

    /// <summary>openat2(2): resolves <paramref name="path"/> under <paramref name="dirFd"/> as <paramref name="resolve"/> allows.</summary>
    public static int OpenAt2(int dirFd, string path, int flags, uint mode, ulong resolve, out int errno)
    {
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = mode, Resolve = resolve };
        long fd;
        do
        {
            fd = Syscall(SysOpenat2, dirFd, path, &how, (nuint)sizeof(OpenHow));
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == EINTR);

        return (int)fd;
    }

    /// <summary>openat(2), retried on EINTR.</summary>
    public static int OpenAt(int dirFd, string path, int flags, uint mode, out int errno)
    {
        int fd;
        do
        {
            fd = OpenAtNative(dirFd, path, flags, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == EINTR);

        return fd;
    }

    /// <summary>statx(2) of <paramref name="path"/> under <paramref name="dirFd"/>, or of the handle itself for an empty path.</summary>
    public static bool TryStat(int dirFd, string path, int flags, out FileStatus status, out int errno)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        new Span<byte>(buffer, StatxBufferSize).Clear();
        if (StatxNative(dirFd, path, flags | (path.Length == 0 ? AtEmptyPath : 0), StatxBasicStats | StatxMountId, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            status = default;
            return false;
        }

        errno = 0;
        status = FileStatus.FromStatx(new ReadOnlySpan<byte>(buffer, StatxBufferSize), StatxMountId);
        return true;
    }

    public static int MkdirAt(int dirFd, string name, uint mode, out int errno)
    {
        var result = MkdirAtNative(dirFd, name, mode);
        errno = result != 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    public static int RenameAt(int oldDirFd, string oldName, int newDirFd, string newName, out int errno)
    {
        var result = RenameAtNative(oldDirFd, oldName, newDirFd, newName);
        errno = result != 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    public static int UnlinkAt(int dirFd, string name, int flags) => UnlinkAtNative(dirFd, name, flags);

    /// <summary>fchmod(2): sets the permission bits of an open file.</summary>
    public static int FChmod(int fd, uint mode) => FChmodNative(fd, mode);

    /// <summary>getdents64(2): fills <paramref name="buffer"/> with directory records; 0 at the end, negative on error.</summary>
    public static long GetDents(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return GetDents64Native(fd, p, (nuint)buffer.Length);
        }
    }

    /// <summary>flock(2) on an open handle; retried on EINTR.</summary>
    public static int Flock(int fd, int operation, out int errno)
    {
        int result;
        do
        {
            result = FlockNative(fd, operation);
            errno = result != 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result != 0 && errno == EINTR);

        return result;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long Syscall(long number, int dirFd, string path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtNative(int dirFd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirAtNative(int dirFd, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAtNative(int oldDirFd, string oldName, int newDirFd, string newName);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAtNative(int dirFd, string name, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FChmodNative(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial long GetDents64Native(int fd, byte* buffer, nuint count);

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
