using System.Threading.Channels;

namespace Agent42.Core.Plugins.Watching;

/// <summary>
/// Turns a storm of change notifications into one work item per path: a path is released to the reader once
/// no notification for it has arrived for the debounce time. Remembers when the path was first noticed, so the
/// latency a user sees can be measured from the change, not from the end of the quiet period.
/// </summary>
internal sealed class PathDebouncer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ITimer Timer, long FirstNoticed)> _waiting = new(StringComparer.Ordinal);
    private readonly Channel<PendingPath> _ready = Channel.CreateUnbounded<PendingPath>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _quiet;
    private readonly TimeProvider _time;
    private bool _disposed;

    public PathDebouncer(TimeSpan quiet, TimeProvider time)
    {
        _quiet = quiet;
        _time = time;
    }

    public ChannelReader<PendingPath> Ready => _ready.Reader;

    public void Notify(string path)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_quiet <= TimeSpan.Zero)
            {
                _ready.Writer.TryWrite(new PendingPath(path, _time.GetTimestamp()));
                return;
            }

            if (_waiting.TryGetValue(path, out var waiting))
            {
                waiting.Timer.Change(_quiet, Timeout.InfiniteTimeSpan);
                return;
            }

            var timer = _time.CreateTimer(Release, path, _quiet, Timeout.InfiniteTimeSpan);
            _waiting[path] = (timer, _time.GetTimestamp());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (timer, _) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
            _ready.Writer.TryComplete();
        }
    }

    private void Release(object? state)
    {
        var path = (string)state!;
        lock (_gate)
        {
            if (!_waiting.Remove(path, out var waiting))
            {
                return;
            }

            waiting.Timer.Dispose();
            _ready.Writer.TryWrite(new PendingPath(path, waiting.FirstNoticed));
        }
    }
}
