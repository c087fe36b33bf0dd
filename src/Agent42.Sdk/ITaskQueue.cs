namespace Agent42.Sdk;

/// <summary>The agent's task queue, through which a tool can queue follow-up work.</summary>
public interface ITaskQueue
{
    /// <summary>Queues a task. The queue is persisted before this returns, so a restart does not lose it.</summary>
    /// <param name="description">What is to be done.</param>
    /// <param name="type">The task type.</param>
    /// <param name="parentId">The task on whose behalf this one is queued, if any.</param>
    /// <param name="cancellationToken">Cancels the wait for persistence.</param>
    /// <returns>The queued task.</returns>
    Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId = null, CancellationToken cancellationToken = default);

    /// <summary>Finds a task by id.</summary>
    /// <param name="id">The task's id.</param>
    /// <returns>The task, or <see langword="null"/> when there is none with that id.</returns>
    AgentTask? Get(string id);

    /// <summary>Every task the queue knows, oldest first.</summary>
    /// <returns>A snapshot.</returns>
    IReadOnlyList<AgentTask> List();
}
