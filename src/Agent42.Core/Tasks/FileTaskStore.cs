using System.Text.Json;
using Agent42.Core.Storage;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tasks;

/// <summary>
/// The task queue in <c>tasks.json</c>, shared by every Agent42 process on the data directory. Each change reads the
/// file fresh under <see cref="StateFileLock"/>, changes only the tasks it names and writes the whole file atomically, so
/// a process never writes from a stale copy and a crash mid-write leaves the previous file whole. Reads take no lock
/// (atomic writes mean a reader sees one whole version) and parse again only when the file changed.
/// </summary>
internal sealed partial class FileTaskStore : ITaskStore
{
    public const string FileName = "tasks.json";
    private const string Holds = "the task queue";

    private readonly TaskFileReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<FileTaskStore> _logger;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal FileTaskStore(string dataDirectory, TimeProvider time, ILogger<FileTaskStore> logger)
    {
        FilePath = Path.Combine(dataDirectory, FileName);
        _reader = new TaskFileReader(FilePath);
        _time = time;
        _logger = logger;
    }

    public string FilePath { get; }

    public async Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        TaskTextRules.RefuseNul(description, nameof(description));
        return await ChangeAsync((tasks, now) =>
        {
            var task = new AgentTask(TaskLeaseRules.NewId(now), type, description, AgentTaskStatus.Pending, now, now, parentId);
            tasks.Add(TaskFileEntry.From(new StoredTask(task, null, null, 0)));
            return (true, task);
        }, cancellationToken).ConfigureAwait(false);
    }

    public StoredTask? Get(string id) =>
        Current().FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal))?.ToStored();

    public IReadOnlyList<StoredTask> List() => Current().Select(t => t.ToStored()).ToArray();

    public Task<TaskLease?> TryDequeueAsync(string workerId, TimeSpan leaseLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        return ChangeAsync<TaskLease?>((tasks, now) =>
        {
            var index = tasks.FindIndex(t => TaskLeaseRules.IsReady(t.ToStored(), now));
            if (index < 0)
            {
                return (false, null);
            }

            var taken = TaskLeaseRules.Take(tasks[index].ToStored(), workerId, leaseLength, now);
            tasks[index] = TaskFileEntry.From(taken);
            return (true, TaskLeaseRules.LeaseOf(taken));
        }, cancellationToken);
    }

    public Task<TaskLease> RenewAsync(TaskLease lease, TimeSpan leaseLength, CancellationToken cancellationToken) =>
        ChangeHeldAsync(lease, (held, now) => held with { LeaseUntil = now + leaseLength },
            renewed => TaskLeaseRules.LeaseOf(renewed), cancellationToken);

    public Task<AgentTask> CompleteAsync(TaskLease lease, string result, CancellationToken cancellationToken) =>
        ChangeHeldAsync(lease, (held, now) => TaskLeaseRules.Finish(held, AgentTaskStatus.Done, TaskTextRules.KeepWithoutNul(result), null, now), done => done.Task, cancellationToken);

    public Task<AgentTask> FailAsync(TaskLease lease, string error, CancellationToken cancellationToken) =>
        ChangeHeldAsync(lease, (held, now) => TaskLeaseRules.Finish(held, AgentTaskStatus.Failed, null, TaskTextRules.KeepWithoutNul(error), now), failed => failed.Task, cancellationToken);

    private Task<T> ChangeHeldAsync<T>(TaskLease lease, Func<StoredTask, DateTimeOffset, StoredTask> change, Func<StoredTask, T> result,
        CancellationToken cancellationToken) =>
        ChangeAsync((tasks, now) =>
        {
            var index = tasks.FindIndex(t => string.Equals(t.Id, lease.Task.Id, StringComparison.Ordinal));
            if (index < 0)
            {
                throw TaskLeaseRules.Unknown(lease.Task.Id);
            }

            var current = tasks[index].ToStored();
            if (!TaskLeaseRules.Holds(lease, current))
            {
                throw TaskLeaseLostException.For(lease, current);
            }

            var changed = change(current, now);
            tasks[index] = TaskFileEntry.From(changed);
            return (true, result(changed));
        }, cancellationToken);

    /// <summary>
    /// Read-merge-write under the file lock: the file as it is now, the change, and (when something changed) the
    /// whole file written atomically before the lock is let go.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<List<TaskFileEntry>, DateTimeOffset, (bool Changed, T Result)> change, CancellationToken cancellationToken)
    {
        StatePath.RegularOrAbsent(FilePath, Holds);
        using var held = await StateFileLock.AcquireAsync(FilePath, cancellationToken: cancellationToken).ConfigureAwait(false);
        var tasks = LoadLocked().ToList();
        var (changed, result) = change(tasks, _time.GetUtcNow());
        if (changed)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new TaskQueueFile(TaskQueueFile.CurrentSchemaVersion, tasks), TaskQueueJsonContext.Default.TaskQueueFile);
            // Not cancellable: the change is decided, and a half-done write would be undone by the rename never happening anyway.
            await AtomicFile.WriteAllBytesAsync(FilePath, bytes, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The tasks now, without the lock; a file that does not parse is looked at again under it.</summary>
    private IReadOnlyList<TaskFileEntry> Current()
    {
        var read = _reader.Read();
        if (read.Problem is null)
        {
            return read.Tasks;
        }

        using var held = StateFileLock.Acquire(FilePath);
        return LoadLocked();
    }

    /// <summary>
    /// With the lock held: the file as it is now. Only here is a file that does not parse set aside, because only
    /// under the lock can no other process have just replaced it with a good one: a reader that saw a bad file without
    /// the lock may be looking at one that is already gone.
    /// </summary>
    private IReadOnlyList<TaskFileEntry> LoadLocked()
    {
        var read = _reader.Read();
        if (read.Problem is not { } problem)
        {
            return read.Tasks;
        }

        var kept = AtomicFile.QuarantineCorrupt(FilePath, _time.GetUtcNow());
        LogCorrupt(FilePath, problem, kept);
        return [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The task queue file {Path} could not be read ({Problem}); it was kept as {Kept} and the queue starts empty")]
    private partial void LogCorrupt(string path, string problem, string kept);
}
