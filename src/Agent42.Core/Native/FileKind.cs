namespace Agent42.Core.Native;

/// <summary>The type of a file as the kernel reports it.</summary>
internal enum FileKind
{
    Unknown,
    Regular,
    Directory,
    Symlink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}
