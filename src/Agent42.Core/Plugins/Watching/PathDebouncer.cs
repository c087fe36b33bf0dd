using System.Threading.Channels;

namespace Agent42.Core.Plugins.Watching;

/// <summary>
/// Turns a storm of change notifications into one work item per path: a path is released to the reader once
/// no notification for it has arrived for the debounce time. Remembers when the path was first noticed, so the
/// latency a user sees can be measured from the change, not from the end of the quiet period. With
/// <c>speculative</c>, a change is also released at once, marked speculative, unless a speculative release of
/// the path is still waiting for the worker: a build that succeeds goes live without waiting, and only a failure
/// waits for the quiet period (a half-written file; saving truncates first, so the write's own change, which
/// comes while the empty file fails to build, gets a speculative release of its own).
/// </summary>
internal sealed class PathDebouncer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ITimer Timer, long FirstNoticed)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _speculating = new(StringComparer.Ordinal);
    private readonly Channel<PendingPath> _ready = Channel.CreateUnbounded<PendingPath>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _quiet;
    private readonly TimeProvider _time;
    private readonly bool _speculative;
    private long _sequence;
    private bool _disposed;

    public PathDebouncer(TimeSpan quiet, TimeProvider time, bool speculative = false)
    {
        _quiet = quiet;
        _time = time;
        _speculative = speculative;
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

            var sequence = _latest[path] = ++_sequence;
            if (_quiet <= TimeSpan.Zero)
            {
                _ready.Writer.TryWrite(new PendingPath(path, _time.GetTimestamp(), Sequence: sequence));
                return;
            }

            var now = _time.GetTimestamp();
            var waiting = _waiting.GetValueOrDefault(path);
            if (_speculative && _speculating.Add(path))
            {
                _ready.Writer.TryWrite(new PendingPath(path, waiting.Timer is null ? now : waiting.FirstNoticed, Speculative: true, Sequence: sequence));
            }

            if (waiting.Timer is not null)
            {
                waiting.Timer.Change(_quiet, Timeout.InfiniteTimeSpan);
                return;
            }

            var timer = _time.CreateTimer(Release, path, _quiet, Timeout.InfiniteTimeSpan);
            _waiting[path] = (timer, now);
        }
    }

    /// <summary>
    /// Called by the reader as it starts on <paramref name="pending"/>: a speculative release then covers every
    /// change so far (the file is read after this), and the next change may be released speculatively again.
    /// </summary>
    public PendingPath Take(PendingPath pending)
    {
        if (!pending.Speculative)
        {
            return pending;
        }

        lock (_gate)
        {
            _speculating.Remove(pending.Path);
            return pending with { Sequence = _latest.GetValueOrDefault(pending.Path) };
        }
    }

    /// <summary>Whether no change of the path was noticed after <paramref name="pending"/>'s.</summary>
    public bool IsLatest(PendingPath pending)
    {
        lock (_gate)
        {
            return _latest.GetValueOrDefault(pending.Path) == pending.Sequence;
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
            _ready.Writer.TryWrite(new PendingPath(path, waiting.FirstNoticed, Sequence: _latest[path]));
        }
    }
}
