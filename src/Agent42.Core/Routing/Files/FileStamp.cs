namespace Agent42.Core.Routing.Files;

/// <summary>A file's state as far as a cache of what was read from it cares: there or not, when written, how long.</summary>
internal readonly record struct FileStamp(bool Exists, DateTime WrittenUtc, long Length)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
    }
}
