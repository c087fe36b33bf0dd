using System.Text.Json;
using Agent42.Core.Native;
using Agent42.Core.Storage;

namespace Agent42.Core.Tasks;

/// <summary>
/// Reads <c>tasks.json</c>, parsing it again only when it is another file than last time: atomic writes give each
/// version a new inode, and size and modification time catch an edit in place.
/// </summary>
internal sealed class TaskFileReader(string path)
{
    private readonly Lock _gate = new();
    private (FileKey Key, IReadOnlyList<TaskFileEntry> Tasks)? _last;

    /// <summary>The tasks, or the reason the file cannot be used (it is left where it is).</summary>
    public (IReadOnlyList<TaskFileEntry> Tasks, string? Problem) Read()
    {
        if (!StatePath.RegularOrAbsent(path, "the task queue"))
        {
            return ([], null);
        }

        FileStream stream;
        try
        {
            // Share-delete: a writer renaming over the file, or a quarantine, must not fail because we read it.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            return ([], null);
        }

        using (stream)
        {
            var key = KeyOf(stream);
            lock (_gate)
            {
                if (_last is { } last && last.Key == key)
                {
                    return (last.Tasks, null);
                }
            }

            // To the end rather than the size seen: an editor writing in place may be changing it under us.
            using var content = new MemoryStream((int)Math.Min(key.Size + 1, int.MaxValue));
            stream.CopyTo(content);
            var (tasks, problem) = Parse(content.ToArray());
            if (problem is null)
            {
                lock (_gate)
                {
                    _last = (key, tasks);
                }
            }

            return (tasks, problem);
        }
    }

    public static (IReadOnlyList<TaskFileEntry> Tasks, string? Problem) Parse(byte[] bytes)
    {
        try
        {
            var file = JsonSerializer.Deserialize(bytes, TaskQueueJsonContext.Default.TaskQueueFile);
            if (file is null || file.Tasks is null)
            {
                return ([], "the file holds no task list");
            }

            if (file.SchemaVersion > TaskQueueFile.CurrentSchemaVersion)
            {
                return ([], $"schema version {file.SchemaVersion} is newer than this Agent42 understands ({TaskQueueFile.CurrentSchemaVersion})");
            }

            // JSON null passes the deserializer but would crash every reader below.
            if (file.Tasks.Any(task => task is null || string.IsNullOrWhiteSpace(task.Id) || task.Description is null))
            {
                return ([], "a task has no id or description");
            }

            // Changes go by id: two tasks with one id would make every change ambiguous.
            if (file.Tasks.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return ([], $"two tasks have the id {twice.Key}");
            }

            return (file.Tasks, null);
        }
        catch (JsonException ex)
        {
            return ([], ex.Message);
        }
    }

    private static FileKey KeyOf(FileStream stream)
    {
        ulong device = 0, inode = 0;
        if (OperatingSystem.IsLinux()
            && LinuxFileApi.TryStat((int)stream.SafeFileHandle.DangerousGetHandle(), string.Empty, LinuxFileApi.AtEmptyPath, out var status, out _))
        {
            (device, inode) = (status.Device, status.Inode);
        }

        return new FileKey(device, inode, stream.Length, File.GetLastWriteTimeUtc(stream.SafeFileHandle).Ticks);
    }

    private readonly record struct FileKey(ulong Device, ulong Inode, long Size, long ModifiedTicks);
}
