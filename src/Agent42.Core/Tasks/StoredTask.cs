using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>A task with the lease a worker holds on it: what the store keeps beyond what a tool sees.</summary>
/// <param name="Task">The task.</param>
/// <param name="LeaseOwner">The worker running it, while it is running.</param>
/// <param name="LeaseUntil">When the lease runs out and the task may be taken again.</param>
/// <param name="Attempts">How many times a worker has taken it.</param>
internal sealed record StoredTask(AgentTask Task, string? LeaseOwner, DateTimeOffset? LeaseUntil, int Attempts);
