using System.Text.Json;
using System.Threading.Channels;
using Agent42.Core.Storage;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tasks;

/// <summary>
/// An in-process task queue whose every change is persisted atomically to <c>tasks.json</c>, so that a restart
/// loses no queued task: tasks found pending, or running when the process stopped, are queued again.
/// </summary>
internal sealed partial class TaskQueue : ITaskQueue
{
    public const string FileName = "tasks.json";

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<string, AgentTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly TimeProvider _time;
    private readonly ILogger<TaskQueue> _logger;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal TaskQueue(string dataDirectory, TimeProvider time, ILogger<TaskQueue> logger)
    {
        FilePath = Path.Combine(dataDirectory, FileName);
        _time = time;
        _logger = logger;
        Load();
    }

    public string FilePath { get; }

    public async Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        var now = _time.GetUtcNow();
        var task = new AgentTask(NewId(now), type, description, AgentTaskStatus.Pending, now, now, parentId);
        lock (_gate)
        {
            _tasks.Add(task.Id, task);
            _order.Add(task.Id);
        }

        await PersistAsync(cancellationToken).ConfigureAwait(false);
        _ready.Writer.TryWrite(task.Id);
        LogQueued(task.Id, task.Type);
        return task;
    }

    /// <summary>Waits for the next pending task and marks it running.</summary>
    public async Task<AgentTask> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            AgentTask? running = null;
            lock (_gate)
            {
                if (_tasks.TryGetValue(id, out var task) && task.Status == AgentTaskStatus.Pending)
                {
                    running = task with { Status = AgentTaskStatus.Running, UpdatedAt = _time.GetUtcNow() };
                    _tasks[id] = running;
                }
            }

            if (running is not null)
            {
                await PersistAsync(cancellationToken).ConfigureAwait(false);
                return running;
            }
        }
    }

    public Task CompleteAsync(string id, string result, CancellationToken cancellationToken = default) =>
        FinishAsync(id, t => t with { Status = AgentTaskStatus.Done, Result = result }, cancellationToken);

    public Task FailAsync(string id, string error, CancellationToken cancellationToken = default) =>
        FinishAsync(id, t => t with { Status = AgentTaskStatus.Failed, Error = error }, cancellationToken);

    public AgentTask? Get(string id)
    {
        lock (_gate)
        {
            return _tasks.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<AgentTask> List()
    {
        lock (_gate)
        {
            return _order.Select(id => _tasks[id]).ToArray();
        }
    }

    private async Task FinishAsync(string id, Func<AgentTask, AgentTask> change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(id, out var task))
            {
                throw new KeyNotFoundException($"There is no task '{id}'.");
            }

            _tasks[id] = change(task) with { UpdatedAt = _time.GetUtcNow() };
        }

        await PersistAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        // One writer at a time, and each writes the snapshot taken after it got its turn, so the file on disk
        // always ends with the latest state.
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = new TaskQueueFile(TaskQueueFile.CurrentSchemaVersion, List());
            var bytes = JsonSerializer.SerializeToUtf8Bytes(file, TaskQueueJsonContext.Default.TaskQueueFile);
            await AtomicFile.WriteAllBytesAsync(FilePath, bytes, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Load()
    {
        if (!File.Exists(FilePath))
        {
            return;
        }

        TaskQueueFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), TaskQueueJsonContext.Default.TaskQueueFile);
            if (file is null || file.Tasks is null)
            {
                throw new JsonException("the file holds no task list");
            }

            if (file.SchemaVersion > TaskQueueFile.CurrentSchemaVersion)
            {
                throw new JsonException($"schema version {file.SchemaVersion} is newer than this Agent42 understands ({TaskQueueFile.CurrentSchemaVersion})");
            }

            // JSON null passes the deserializer but would crash start-up below.
            if (file.Tasks.Any(task => task is null || string.IsNullOrWhiteSpace(task.Id) || task.Description is null))
            {
                throw new JsonException("a task has no id or description");
            }
        }
        catch (JsonException ex)
        {
            var kept = AtomicFile.QuarantineCorrupt(FilePath, _time.GetUtcNow());
            LogCorrupt(FilePath, ex.Message, kept);
            return;
        }

        foreach (var task in file.Tasks)
        {
            var restored = task.Status == AgentTaskStatus.Running ? task with { Status = AgentTaskStatus.Pending } : task;
            if (_tasks.TryAdd(restored.Id, restored))
            {
                _order.Add(restored.Id);
                if (restored.Status == AgentTaskStatus.Pending)
                {
                    _ready.Writer.TryWrite(restored.Id);
                }
            }
        }
    }

    private static string NewId(DateTimeOffset now) => $"t-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued task {Id} ({Type})")]
    private partial void LogQueued(string id, TaskType type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The task queue file {Path} could not be read ({Problem}); it was kept as {Kept} and the queue starts empty")]
    private partial void LogCorrupt(string path, string problem, string kept);
}
