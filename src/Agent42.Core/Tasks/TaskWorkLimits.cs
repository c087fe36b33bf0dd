namespace Agent42.Core.Tasks;

/// <summary>When a worker stops, besides cancellation.</summary>
/// <param name="MaxTasks">After this many tasks (done, failed or lost); null for no limit.</param>
/// <param name="StopWhenIdle">When no task is ready, instead of waiting for one.</param>
internal sealed record TaskWorkLimits(int? MaxTasks, bool StopWhenIdle)
{
    public static TaskWorkLimits Forever { get; } = new(null, false);
}
