using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>
/// The lease rules every store follows, on tasks it has read inside its own exclusion (the file lock, a row lock): what
/// is ready, what taking, renewing and finishing change, and when a worker is refused.
/// </summary>
internal static class TaskLeaseRules
{
    /// <summary>Pending, or running under a lease that ran out (or that a previous version never wrote).</summary>
    public static bool IsReady(StoredTask task, DateTimeOffset now) =>
        task.Task.Status == AgentTaskStatus.Pending
        || (task.Task.Status == AgentTaskStatus.Running && (task.LeaseUntil is not { } until || until <= now));

    public static StoredTask Take(StoredTask task, string workerId, TimeSpan leaseLength, DateTimeOffset now) =>
        new(task.Task with { Status = AgentTaskStatus.Running, UpdatedAt = now }, workerId, now + leaseLength, task.Attempts + 1);

    public static TaskLease LeaseOf(StoredTask taken) => new(taken.Task, taken.LeaseOwner!, taken.Attempts, taken.LeaseUntil!.Value);

    /// <summary>
    /// Whether <paramref name="lease"/> still holds <paramref name="now"/>'s task. A lease past its end still holds while
    /// nobody took the task again: the worker was slow, not wrong.
    /// </summary>
    public static bool Holds(TaskLease lease, StoredTask now) =>
        now.Task.Status == AgentTaskStatus.Running
        && string.Equals(now.LeaseOwner, lease.WorkerId, StringComparison.Ordinal)
        && now.Attempts == lease.Attempt;

    public static StoredTask Finish(StoredTask task, AgentTaskStatus status, string? result, string? error, DateTimeOffset now) =>
        new(task.Task with { Status = status, Result = result, Error = error, UpdatedAt = now }, null, null, task.Attempts);

    public static string NewId(DateTimeOffset now) => $"t-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    public static KeyNotFoundException Unknown(string id) => new($"There is no task '{id}'.");
}
