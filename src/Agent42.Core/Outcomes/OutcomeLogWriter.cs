using System.Buffers;
using Agent42.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Agent42.Core.Outcomes;

/// <summary>
/// Group commit for one outcome log. Callers hand in a line and wait; one drain at a time takes every line pending,
/// appends them with one write and one fsync, and tells each caller where its own line went. A caller is answered
/// only once its line is on disk, so a crash still loses only lines nobody was told about; but when many tasks
/// finish together they share an fsync instead of queueing for one each.
/// </summary>
/// <remarks>
/// One writer for the log in the process (a singleton in the container), so recorders on the file never interleave.
/// The drain runs on the thread pool only while lines are pending: nothing is left running between records.
/// </remarks>
internal sealed class OutcomeLogWriter(string path, TimeProvider? time = null) : IOutcomeLogWrites, IOutcomeStore, IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();

    // The lock file and the log stay open between batches (on Linux), each checked against its path before use: a
    // batch's open, checks and close of both were more system calls than its write and fsync. Only the drain uses them.
    private readonly KeptLockFile _lockFile = new();
    private SafeFileHandle? _log;
    private FileIdentity _logIdentity;
    private List<PendingLine> _pending = [];
    private bool _draining;
    private long _batches;

    // The latest stretch of the log this writer wrote without anyone else writing in between, the batch being
    // written included: [_ownStart, _ownEnd). Under _lock.
    private long _ownStart = -1;
    private long _ownEnd = -1;

    private ((long Length, long Ticks) Stamp, int Count)? _unreadable;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Description => Path;

    /// <summary>How many batches have been written and fsynced; fewer than the lines when callers overlapped.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// For tests: while set, a drain waits on it before taking the pending lines, so a test can make lines pile up
    /// and see them committed together without depending on timing.
    /// </summary>
    internal SemaphoreSlim? DrainGate { get; set; }

    /// <summary>Lines handed in and not yet taken by a drain.</summary>
    internal int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Whether the log's bytes from <paramref name="from"/> to <paramref name="to"/> are all lines of this writer
    /// (so of this process), written or being written. A reader that has the log up to <paramref name="from"/> and
    /// finds it <paramref name="to"/> long can then wait for those lines' callers to hand them over instead of
    /// reading it again; false means another process wrote there, or this writer cannot tell.
    /// </summary>
    public bool Wrote(long from, long to)
    {
        lock (_lock)
        {
            return from >= _ownStart && to <= _ownEnd;
        }
    }

    public async Task<OutcomeAppend> AppendAsync(OutcomeRecord outcome, CancellationToken cancellationToken)
    {
        var (before, after) = await AppendAsync(OutcomeRecorder.Line(outcome), cancellationToken).ConfigureAwait(false);
        return new OutcomeAppend(outcome, before, after);
    }

    public (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) ReadAll() => OutcomeLog.Read(Path);

    public OutcomeBatch? ReadFrom(long position) => OutcomeLog.ReadFrom(Path, position);

    public OutcomeTail TailAfter(long position)
    {
        var length = StatePath.RegularLengthOrZero(Path, OutcomeLogFile.Holds);
        return length == position ? OutcomeTail.None
            : length > position && Wrote(position, length) ? OutcomeTail.Own
            : OutcomeTail.Unknown;
    }

    /// <summary>
    /// How many lines of the log cannot be read as outcomes (the last one torn by a crash counts until the next append
    /// sets it aside). Read whole, then kept while the log's length and write time stay the same.
    /// </summary>
    public int UnreadableLines()
    {
        var stamp = StatePath.RegularOrAbsent(Path, OutcomeLogFile.Holds) ? (new FileInfo(Path).Length, File.GetLastWriteTimeUtc(Path).Ticks) : (0, 0);
        lock (_lock)
        {
            if (_unreadable is { } known && known.Stamp == stamp)
            {
                return known.Count;
            }
        }

        var count = OutcomeLog.Read(Path).Skipped.Count;
        lock (_lock)
        {
            _unreadable = (stamp, count);
        }

        return count;
    }

    /// <summary>
    /// Appends <paramref name="line"/> (ending in a newline) and returns the log's length before and after it, once
    /// it is on disk. Cancelled while still waiting for the writer, the line is not written and the call throws
    /// <see cref="OperationCanceledException"/>; once the writer has taken it, the call waits for the fsync and
    /// returns normally, since the line is in the log either way. An I/O failure throws <see cref="IOException"/>
    /// for the callers whose lines were in that batch, and none of those lines is kept.
    /// </summary>
    public async Task<(long Before, long After)> AppendAsync(byte[] line, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingLine(line, cancellationToken);
        bool startDrain;
        lock (_lock)
        {
            _pending.Add(pending);
            startDrain = !_draining;
            _draining = true;
        }

        if (startDrain)
        {
            _ = Task.Run(Drain, CancellationToken.None);
        }

        using var registration = cancellationToken.Register(static p => ((PendingLine)p!).Cancel(), pending);
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private void Drain()
    {
        while (true)
        {
            DrainGate?.Wait();
            List<PendingLine> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    // Cleared under the same lock that callers add under, so no line is left with nobody draining.
                    _draining = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            Commit(batch);
        }
    }

    /// <summary>Writes the batch's lines that were not cancelled and answers each of their callers; never throws.</summary>
    private void Commit(List<PendingLine> batch)
    {
        var lines = batch.Where(p => p.TryClaim()).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var total = lines.Sum(p => p.Line.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var offset = 0;
            foreach (var pending in lines)
            {
                pending.Line.CopyTo(buffer, offset);
                offset += pending.Line.Length;
            }

            long before;
            try
            {
                before = Append(buffer.AsSpan(0, total));
            }
            catch (Exception ex)
            {
                foreach (var pending in lines)
                {
                    // One exception each: awaiting rethrows it and appends to its stack trace.
                    pending.Completion.TrySetException(new IOException(
                        $"the outcome could not be appended to {Path} ({lines.Count} line(s) in that write, none kept): {ex.Message}", ex));
                }

                return;
            }

            Interlocked.Increment(ref _batches);
            foreach (var pending in lines)
            {
                var after = before + pending.Line.Length;
                pending.Completion.TrySetResult((before, after));
                before = after;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// With the log's lock held against other processes: repairs a torn tail, appends through <c>O_APPEND</c> and
    /// fsyncs; returns where the bytes start. On failure the log is cut back to where it was.
    /// </summary>
    private long Append(ReadOnlySpan<byte> bytes)
    {
        if (_log is null)
        {
            // Said before the lock file is made beside it: a directory or FIFO here is refused with what it is.
            StatePath.RegularOrAbsent(Path, OutcomeLogFile.Holds);
        }

        using var held = StateFileLock.Acquire(Path, _lockFile);
        var log = KeptLog();
        try
        {
            return Append(log, bytes);
        }
        catch
        {
            // The next batch starts from the path again.
            ForgetLog();
            throw;
        }
        finally
        {
            if (!ReferenceEquals(log, _log))
            {
                log.Dispose();
            }
        }
    }

    /// <summary>
    /// The log opened for appending: the handle kept from the last batch if the path still names its file (a log
    /// moved aside, removed or replaced is opened again, as it is now), else the path opened afresh. Under the lock.
    /// </summary>
    private SafeFileHandle KeptLog()
    {
        if (_log is { } kept && _logIdentity.IsAt(Path))
        {
            return kept;
        }

        ForgetLog();
        var log = OutcomeLogFile.OpenAppend(Path);
        if (FileIdentity.Of(log) is { } identity)
        {
            (_log, _logIdentity) = (log, identity);
        }

        return log;
    }

    private void ForgetLog() => Interlocked.Exchange(ref _log, null)?.Dispose();

    /// <summary>Closes the lock file and the log kept open between batches.</summary>
    public void Dispose()
    {
        _lockFile.Dispose();
        ForgetLog();
    }

    private long Append(SafeFileHandle log, ReadOnlySpan<byte> bytes)
    {
        var (end, needsNewline) = TornTail.Repair(log, Path, _time);
        var before = end + (needsNewline ? 1 : 0);
        (long Start, long End) run;
        lock (_lock)
        {
            // Claimed before the bytes land, so nobody who sees them on disk takes them for another process's. After a
            // repair cut a fragment off, the end is where the fragment started: if that is where this writer last
            // stopped, the stretch goes on, since the fragment's bytes are gone.
            run = (_ownStart, _ownEnd);
            (_ownStart, _ownEnd) = (end == _ownEnd ? _ownStart : end, before + bytes.Length);
        }

        try
        {
            if (needsNewline)
            {
                RandomAccess.Write(log, "\n"u8, end);
            }

            // Under the lock the length read above is the end; O_APPEND puts the bytes there regardless.
            RandomAccess.Write(log, bytes, before);
            RandomAccess.FlushToDisk(log);
        }
        catch
        {
            // A torn batch left behind would be a fragment, and its callers were told it failed.
            try
            {
                RandomAccess.SetLength(log, end);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            // After the cut: if it failed, the bytes left are nobody's line, and readers had better read them whole.
            lock (_lock)
            {
                (_ownStart, _ownEnd) = run;
            }

            throw;
        }

        return before;
    }
}
