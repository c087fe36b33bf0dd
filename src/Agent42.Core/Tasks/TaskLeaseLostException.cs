namespace Agent42.Core.Tasks;

/// <summary>A worker tried to renew or finish a task it no longer holds: another worker took it, or it was finished.</summary>
internal sealed class TaskLeaseLostException(string message) : Exception(message)
{
    public static TaskLeaseLostException For(TaskLease lease, StoredTask now) => new(
        $"task {lease.Task.Id} is no longer held by worker {lease.WorkerId} (attempt {lease.Attempt}): it is {Describe(now)}; nothing was changed");

    private static string Describe(StoredTask now) => now.Task.Status switch
    {
        Sdk.AgentTaskStatus.Running => $"running under worker {now.LeaseOwner} (attempt {now.Attempts})",
        Sdk.AgentTaskStatus.Pending => "pending again",
        var status => $"already {status.ToString().ToLowerInvariant()}",
    };
}
