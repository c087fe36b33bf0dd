using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tasks;

/// <summary>
/// The task queue tools see (<see cref="ITaskQueue"/>): queues follow-ups and reads the queue, on whichever
/// <see cref="ITaskStore"/> is configured, so what one process queues every other process on the store sees.
/// </summary>
internal sealed partial class TaskQueue : ITaskQueue
{
    private readonly ITaskStore _store;
    private readonly ILogger<TaskQueue> _logger;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal TaskQueue(ITaskStore store, ILogger<TaskQueue> logger)
    {
        _store = store;
        _logger = logger;
    }

    public async Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        var task = await _store.EnqueueAsync(description, type, parentId, cancellationToken).ConfigureAwait(false);
        LogQueued(task.Id, task.Type);
        return task;
    }

    public AgentTask? Get(string id) => _store.Get(id)?.Task;

    public IReadOnlyList<AgentTask> List() => _store.List().Select(t => t.Task).ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued task {Id} ({Type})")]
    private partial void LogQueued(string id, TaskType type);
}
