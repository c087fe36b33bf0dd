namespace Agent42.Bench.Simulation;

/// <summary>The simulation's clock: set by the runner, one minute per task.</summary>
internal sealed class SimClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Set(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now;
}
