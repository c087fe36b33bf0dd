using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>
/// A worker's hold on a running task. The attempt number tells this hold from a later one by the same worker id, so a
/// hold that ran out and was taken again cannot finish the task.
/// </summary>
internal sealed record TaskLease(AgentTask Task, string WorkerId, int Attempt, DateTimeOffset Until);
