namespace Agent42.Core.Outcomes;

/// <summary>
/// Keeps a tally of the outcome log (<typeparamref name="T"/>, built from a whole read) exactly as a whole read of
/// the log would make it, without reading it again for every line: lines this process appends are handed over by
/// their callers (<see cref="Take"/>), in whatever order they come back from the writer; lines another process
/// appended, or a read that ended inside a line, make the next <see cref="Current"/> read the log whole.
/// </summary>
internal sealed class OutcomeLogFollower<T>(IOutcomeLogWrites writes, TimeProvider time, Func<IReadOnlyList<OutcomeRecord>, T> load)
    where T : class, IOutcomeTally
{
    // Lines this process appended but whose callers have not handed them over are waited for, but not for ever:
    // a caller that failed between its append and its hand-over never will. Past these, the log is read again.
    // One late caller holds up every line after its own: under load a continuation can run 200 ms late, by which
    // time the other tasks may have recorded thousands; holding those costs far less than reading the log.
    private const int MaxHeld = 10_000;
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly string _path = writes.Path;

    // Appends handed over ahead of _loadedLength (callers answered by one fsync come back in any order), by where
    // they start; each is taken when the lines before it are.
    private readonly Dictionary<long, OutcomeAppend> _held = [];

    // _tally is exactly the log's first _loadedLength bytes, as a whole read of that much would count them.
    private T? _tally;
    private long _loadedLength;

    // Those bytes end inside a line: whatever is appended changes how that line reads, so only a read can follow.
    private bool _loadedMidLine;

    // Since when the log has had bytes past _loadedLength that this process wrote but nobody handed over.
    private long _gapAt = -1;
    private long _gapSince;
    private int _logReads;

    /// <summary>How many times the whole log has been read for the tally.</summary>
    public int LogReads
    {
        get
        {
            lock (_gate)
            {
                return _logReads;
            }
        }
    }

    /// <summary>
    /// The tally of the log, read once and then kept up to date as lines are handed over; read again whole when
    /// another process has appended to the log. Lines this process has appended but not yet handed over are not in it.
    /// </summary>
    public T Current()
    {
        lock (_gate)
        {
            if (_tally is null || !FollowsTheLog())
            {
                var (outcomes, length, midLine) = OutcomeLog.ReadAsOfNow(_path);
                _tally = load(outcomes);
                (_loadedLength, _loadedMidLine) = (length, midLine);
                // Every held append was on disk before it was handed over, so the read has it.
                _held.Clear();
                _gapAt = -1;
                _logReads++;
            }

            return _tally;
        }
    }

    /// <summary>
    /// Adds an appended line to the tally if it reaches the line's start, with any held lines that follow; holds it
    /// if lines before it are still to come; drops the tally when only a read can say what the log holds. In log
    /// order, so the tally is exactly that of a whole read.
    /// </summary>
    public void Take(OutcomeAppend append)
    {
        lock (_gate)
        {
            if (_tally is null || append.LengthAfter <= _loadedLength)
            {
                // The next read, or the last one, has it: the line was on disk before it was handed over.
                return;
            }

            if (append.LengthBefore < _loadedLength || _loadedMidLine || (append.LengthBefore > _loadedLength && _held.Count >= MaxHeld))
            {
                // The read ended inside a line, or too many lines wait for one that may never come.
                _tally = null;
                _held.Clear();
                return;
            }

            if (append.LengthBefore > _loadedLength)
            {
                _held[append.LengthBefore] = append;
                return;
            }

            _tally.Add(append.Outcome);
            _loadedLength = append.LengthAfter;
            while (_held.Remove(_loadedLength, out var next))
            {
                _tally.Add(next.Outcome);
                _loadedLength = next.LengthAfter;
            }
        }
    }

    /// <summary>
    /// Whether the tally can stand for the log on disk: it has nothing past it, or only lines this process wrote,
    /// which their callers are about to hand over. Call under the lock.
    /// </summary>
    private bool FollowsTheLog()
    {
        var length = File.Exists(_path) ? new FileInfo(_path).Length : 0;
        if (length == _loadedLength)
        {
            return _held.Count == 0;
        }

        if (length < _loadedLength || _loadedMidLine || !writes.Wrote(_loadedLength, length))
        {
            return false;
        }

        if (_gapAt != _loadedLength)
        {
            (_gapAt, _gapSince) = (_loadedLength, time.GetTimestamp());
            return true;
        }

        return time.GetElapsedTime(_gapSince) < GapPatience;
    }
}
