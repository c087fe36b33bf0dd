using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Support;

/// <summary>
/// A fake clock that counts the timers of one due time (a load deadline) armed and disposed, so a test can
/// advance it exactly when only the deadline it means is still pending, without sleeping: a deadline whose
/// work finished is disposed by <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/>.
/// </summary>
internal sealed class ArmedClock(TimeSpan watchedDueTime) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _changed = new(0);
    private int _armed;
    private int _disposed;

    public FakeTimeProvider Fake { get; } = new();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime != watchedDueTime)
        {
            return timer;
        }

        lock (_gate)
        {
            _armed++;
        }

        _changed.Release();
        return new Counted(timer, this);
    }

    /// <summary>Waits until <paramref name="armed"/> watched timers were armed and <paramref name="disposed"/> of them disposed (a safety limit turns a broken test into a failure, not a hang).</summary>
    public async Task WaitForAsync(int armed, int disposed)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_armed >= armed && _disposed >= disposed)
                {
                    return;
                }
            }

            if (!await _changed.WaitAsync(TimeSpan.FromSeconds(60)))
            {
                lock (_gate)
                {
                    throw new TimeoutException($"expected {armed} deadlines armed and {disposed} disposed; saw {_armed} and {_disposed}");
                }
            }
        }
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

    private void OnDisposed()
    {
        lock (_gate)
        {
            _disposed++;
        }

        _changed.Release();
    }

    private sealed class Counted(ITimer inner, ArmedClock clock) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            inner.Dispose();
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                clock.OnDisposed();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
