using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>Does one queued task for a worker: the agent run in Agent42, a stand-in in tests.</summary>
internal interface ITaskExecutor
{
    /// <summary>The task's result. An exception fails the task with its message; cancellation leaves it to the lease.</summary>
    Task<string> RunAsync(AgentTask task, CancellationToken cancellationToken);
}
