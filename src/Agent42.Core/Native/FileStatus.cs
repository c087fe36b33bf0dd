using System.Buffers.Binary;

namespace Agent42.Core.Native;

/// <summary>What <c>statx</c> said about a handle: its type, identity, link count, size and mount.</summary>
internal readonly record struct FileStatus(FileKind Kind, uint Links, ulong Device, ulong Inode, long Size, ulong MountId, uint Permissions)
{
    private const int TypeMask = 0xF000;

    /// <summary>When the file's content was last written (<c>stx_mtime</c>), in UTC.</summary>
    public DateTime ModifiedUtc { get; init; }

    /// <summary>Decodes the kernel's <c>struct statx</c>, whose layout is the same on every architecture.</summary>
    public static FileStatus FromStatx(ReadOnlySpan<byte> buffer, uint mountIdMask)
    {
        var mask = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        var links = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        // Without STATX_MNT_ID (kernels before 5.8) every handle reads mount 0, so the comparison is neutral.
        var mountId = (mask & mountIdMask) != 0 ? BinaryPrimitives.ReadUInt64LittleEndian(buffer[144..]) : 0;
        var modifiedSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var modifiedNanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        return new FileStatus(KindOf(mode & TypeMask), links, ((ulong)devMajor << 32) | devMinor, inode, size, mountId, (uint)(mode & 0xFFF))
        {
            ModifiedUtc = DateTime.UnixEpoch.AddTicks((modifiedSeconds * TimeSpan.TicksPerSecond) + (modifiedNanoseconds / 100)),
        };
    }

    /// <summary>Same device and inode: the same file, whatever name reached it.</summary>
    public bool IsSameFileAs(FileStatus other) => Device == other.Device && Inode == other.Inode;

    private static FileKind KindOf(int type) => type switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Unknown,
    };
}
