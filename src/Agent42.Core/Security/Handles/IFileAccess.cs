using Agent42.Core.Native;

namespace Agent42.Core.Security.Handles;

/// <summary>How the sandbox reaches files: by handle on Linux, by checked path string elsewhere.</summary>
internal interface IFileAccess : IDisposable
{
    /// <summary>Opens a regular file for reading, or says why not.</summary>
    OpenedFile? OpenRead(WorkspacePath path, out FileRefusal? refusal);

    /// <summary>
    /// Replaces the file's content atomically (temp file beside it, flush, rename), creating parent directories; with
    /// <paramref name="readFrom"/>, into the very directory that file was read from.
    /// </summary>
    Task<FileRefusal?> WriteAsync(WorkspacePath path, ReadOnlyMemory<byte> contents, OpenedFile? readFrom, CancellationToken cancellationToken);

    /// <summary>The entries of a directory, unsorted, or null with the reason.</summary>
    IReadOnlyList<WorkspaceEntry>? List(WorkspacePath path, CancellationToken cancellationToken, out FileRefusal? refusal);

    /// <summary>What is at the path, links not followed; null when nothing is, or it cannot be reached.</summary>
    FileKind? Probe(WorkspacePath path);
}
