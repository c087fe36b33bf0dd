namespace Agent42.Core.Outcomes;

/// <summary>
/// Keeps a tally of an outcome store (<typeparamref name="T"/>, built from a whole read) exactly as a whole read of
/// the store would make it, without reading it again for every outcome: outcomes this process appends are handed
/// over by their callers (<see cref="Take"/>), in whatever order they come back from the writer; outcomes another
/// process appended are read from where the tally ends (<see cref="IOutcomeStore.ReadFrom"/>), so each outcome is read
/// once however many processes append. Only a store cut back, or a last line that read as an outcome without its
/// newline, makes the next <see cref="Current"/> read the store whole.
/// </summary>
internal sealed class OutcomeLogFollower<T>(IOutcomeStore store, TimeProvider time, Func<IReadOnlyList<OutcomeRecord>, T> load)
    where T : class, IOutcomeTally
{
    // Lines this process appended but whose callers have not handed them over are waited for, but not for ever:
    // a caller that failed between its append and its hand-over never will. Past these, the store is read.
    // One late caller holds up every line after its own: under load a continuation can run 200 ms late, by which
    // time the other tasks may have recorded thousands; holding those costs far less than reading them.
    private const int MaxHeld = 10_000;
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();

    // Appends handed over ahead of _loadedLength (callers answered by one fsync come back in any order), by where
    // they start; each is taken when the lines before it are.
    private readonly Dictionary<long, OutcomeAppend> _held = [];

    // _tally is exactly the store up to _loadedLength, as a whole read of that much would count it.
    private T? _tally;
    private long _loadedLength;

    // The tally counts a last line that had no newline yet: whatever is appended changes how it reads.
    private bool _loadedMidLine;

    // Since when the store has had entries past _loadedLength that this process wrote but nobody handed over.
    private long _gapAt = -1;
    private long _gapSince;
    private int _logReads;
    private int _tailReads;

    /// <summary>How many times the whole store has been read for the tally.</summary>
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

    /// <summary>How many times the store has been read from where the tally ended, for other processes' outcomes.</summary>
    public int TailReads
    {
        get
        {
            lock (_gate)
            {
                return _tailReads;
            }
        }
    }

    /// <summary>
    /// The tally of the store, read once and then kept up to date as outcomes are handed over, and as other processes'
    /// are read from where it ends. Outcomes this process has appended but not yet handed over are not in it.
    /// </summary>
    public T Current()
    {
        lock (_gate)
        {
            if (_tally is null || _loadedMidLine && store.TailAfter(_loadedLength) != OutcomeTail.None)
            {
                Load();
            }
            else if (!FollowsTheStore())
            {
                CatchUp();
            }

            return _tally!;
        }
    }

    /// <summary>
    /// Adds an appended line to the tally if it reaches the line's start, with any held lines that follow; holds it
    /// if lines before it are still to come; drops the tally when only a read can say what the store holds. In store
    /// order, so the tally is exactly that of a whole read.
    /// </summary>
    public void Take(OutcomeAppend append)
    {
        lock (_gate)
        {
            if (_tally is null || append.LengthAfter <= _loadedLength)
            {
                // The next read, or the last one, has it: the line was stored before it was handed over.
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

    /// <summary>Reads the store whole. Call under the lock.</summary>
    private void Load()
    {
        var batch = store.ReadFrom(0)!;
        _tally = load(batch.Outcomes);
        (_loadedLength, _loadedMidLine) = (batch.End, batch.EndsMidLine);
        // Every held append was stored before it was handed over, so the read has it.
        _held.Clear();
        _gapAt = -1;
        _logReads++;
    }

    /// <summary>Reads what follows the tally's end and adds it. Call under the lock.</summary>
    private void CatchUp()
    {
        if (store.ReadFrom(_loadedLength) is not { } batch)
        {
            Load();
            return;
        }

        _tailReads++;
        foreach (var outcome in batch.Outcomes)
        {
            _tally!.Add(outcome);
        }

        (_loadedLength, _loadedMidLine) = (batch.End, batch.EndsMidLine);
        // Held appends were stored before they were handed over, so they are at or before the end just read.
        _held.Clear();
        _gapAt = -1;
    }

    /// <summary>
    /// Whether the tally can stand for the store: it has nothing past it, or only lines this process wrote, which
    /// their callers are about to hand over. Call under the lock.
    /// </summary>
    private bool FollowsTheStore()
    {
        switch (store.TailAfter(_loadedLength))
        {
            case OutcomeTail.None:
                return _held.Count == 0;
            case OutcomeTail.Own:
                if (_gapAt != _loadedLength)
                {
                    (_gapAt, _gapSince) = (_loadedLength, time.GetTimestamp());
                    return true;
                }

                return time.GetElapsedTime(_gapSince) < GapPatience;
            default:
                return false;
        }
    }
}
