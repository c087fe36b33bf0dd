using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>
/// Where the task queue lives (<c>tasks.json</c>, or PostgreSQL when <c>AGENT42_DATABASE_URL</c> is set), shared by
/// every Agent42 process on it. A worker takes a task with a lease that it renews while it works; a task whose lease
/// ran out (its worker died) is taken again by the next dequeue, and only the lease holder may finish it.
/// </summary>
internal interface ITaskStore
{
    /// <summary>Queues a task, stored before this returns.</summary>
    Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId, CancellationToken cancellationToken);

    /// <summary>The task as stored now, or null when there is none with that id.</summary>
    StoredTask? Get(string id);

    /// <summary>Every task, in queue order (oldest first), as stored now.</summary>
    IReadOnlyList<StoredTask> List();

    /// <summary>
    /// Takes the oldest ready task for <paramref name="workerId"/>: a pending one, or a running one whose lease ran out
    /// (its attempt count goes up). Null when none is ready. Two callers never take the same task.
    /// </summary>
    Task<TaskLease?> TryDequeueAsync(string workerId, TimeSpan leaseLength, CancellationToken cancellationToken);

    /// <summary>Moves the lease's end to <paramref name="leaseLength"/> from now.</summary>
    /// <exception cref="TaskLeaseLostException">Another worker took the task, or it was finished.</exception>
    /// <exception cref="KeyNotFoundException">There is no such task.</exception>
    Task<TaskLease> RenewAsync(TaskLease lease, TimeSpan leaseLength, CancellationToken cancellationToken);

    /// <summary>Marks the task done with its result.</summary>
    /// <exception cref="TaskLeaseLostException">Another worker took the task, or it was finished: nothing is changed.</exception>
    /// <exception cref="KeyNotFoundException">There is no such task.</exception>
    Task<AgentTask> CompleteAsync(TaskLease lease, string result, CancellationToken cancellationToken);

    /// <summary>Marks the task failed with the reason.</summary>
    /// <exception cref="TaskLeaseLostException">Another worker took the task, or it was finished: nothing is changed.</exception>
    /// <exception cref="KeyNotFoundException">There is no such task.</exception>
    Task<AgentTask> FailAsync(TaskLease lease, string error, CancellationToken cancellationToken);
}
