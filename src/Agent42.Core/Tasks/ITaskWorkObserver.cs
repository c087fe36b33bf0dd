using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>What a worker reports as it goes, for a terminal to show; every method may be ignored.</summary>
internal interface ITaskWorkObserver
{
    void Taken(TaskLease lease) { }

    void Completed(AgentTask task) { }

    void Failed(AgentTask task, string error) { }

    /// <summary>The worker no longer holds the task (another took it after the lease ran out): its result was not stored.</summary>
    void Lost(AgentTask task, string reason) { }

    /// <summary>A renewal or the final store failed for a reason other than a lost lease (the store was unreachable); it is tried again.</summary>
    void StoreFailed(AgentTask task, string reason) { }
}
