using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Native;
using Agent42.Core.Storage;
using Agent42.Sdk;

namespace Agent42.Core.Security.Handles;

/// <summary>
/// The file tools off Linux: the path is checked (every link resolved, the result under the root, not one of
/// Agent42's own files) and then opened by name. A process that swaps a folder for a link between the two can
/// still win the race; README says so.
/// </summary>
internal sealed class PathFileAccess(IWorkspaceSandbox sandbox, ControlPaths controlPaths) : IFileAccess
{
    public OpenedFile? OpenRead(WorkspacePath path, out FileRefusal? refusal)
    {
        if (!Resolve(path, write: false, out var full, out refusal))
        {
            return null;
        }

        if (Directory.Exists(full))
        {
            refusal = new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory; use list_dir");
            return null;
        }

        if (!File.Exists(full))
        {
            refusal = new FileRefusal(FileRefusalKind.NotFound, path.Given, "does not exist");
            return null;
        }

        try
        {
            var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            return new OpenedFile(stream, new FileInfo(full).Length, sandbox.ToRelativePath(full));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            refusal = new FileRefusal(FileRefusalKind.Io, path.Given, $"could not be read: {ex.Message}");
            return null;
        }
    }

    public async Task<FileRefusal?> WriteAsync(WorkspacePath path, ReadOnlyMemory<byte> contents, OpenedFile? readFrom, CancellationToken cancellationToken)
    {
        if (!Resolve(path, write: true, out var full, out var refusal))
        {
            return refusal;
        }

        if (Directory.Exists(full))
        {
            return new FileRefusal(FileRefusalKind.WrongType, path.Given, "is a directory");
        }

        await AtomicFile.WriteAllBytesAsync(full, contents, cancellationToken).ConfigureAwait(false);
        return null;
    }

    public IReadOnlyList<WorkspaceEntry>? List(WorkspacePath path, CancellationToken cancellationToken, out FileRefusal? refusal)
    {
        if (!Resolve(path, write: false, out var full, out refusal))
        {
            return null;
        }

        if (!Directory.Exists(full))
        {
            refusal = File.Exists(full)
                ? new FileRefusal(FileRefusalKind.WrongType, path.Given, "is not a directory")
                : new FileRefusal(FileRefusalKind.NotFound, path.Given, "does not exist");
            return null;
        }

        var entries = new List<WorkspaceEntry>();
        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = entry.LinkTarget is not null ? FileKind.Symlink : entry is DirectoryInfo ? FileKind.Directory : FileKind.Regular;
            entries.Add(new WorkspaceEntry(entry.Name, path.Child(entry.Name).Relative, kind));
        }

        return entries;
    }

    public FileKind? Probe(WorkspacePath path)
    {
        if (!sandbox.TryResolvePath(path.FullPath, out var full, out _))
        {
            return null;
        }

        return Directory.Exists(full) ? FileKind.Directory : File.Exists(full) ? FileKind.Regular : null;
    }

    public void Dispose()
    {
    }

    private bool Resolve(WorkspacePath path, bool write, out string full, out FileRefusal? refusal)
    {
        if (!sandbox.TryResolvePath(path.FullPath, out full, out var violation))
        {
            refusal = FileRefusal.Violation(path.Given, violation!);
            return false;
        }

        // The resolved location decides, so a link inside the workspace to .env is refused like .env.
        var own = write ? controlPaths.RefuseWrite(full, path.Given) : controlPaths.RefuseRead(full, path.Given);
        refusal = own is null ? null : FileRefusal.OwnFile(path.Given, own);
        return refusal is null;
    }
}
