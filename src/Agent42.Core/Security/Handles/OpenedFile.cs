using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Security.Handles;

/// <summary>A regular file inside the workspace, open for reading by handle.</summary>
internal sealed class OpenedFile(FileStream stream, long reportedSize, string relativePath, SafeFileHandle? directory = null) : IDisposable
{
    /// <summary>Reads the handle that was checked; never reopened by name.</summary>
    public FileStream Stream { get; } = stream;

    /// <summary>The size the file system reported when it was opened (a hint; reads are bounded by bytes read).</summary>
    public long ReportedSize { get; } = reportedSize;

    /// <summary>The workspace-relative path, with forward slashes, for messages.</summary>
    public string RelativePath { get; } = relativePath;

    /// <summary>The handle of the directory the file was opened in (Linux), so an edit writes back into that same directory.</summary>
    public SafeFileHandle? Directory { get; } = directory;

    public void Dispose()
    {
        Stream.Dispose();
        Directory?.Dispose();
    }
}
