using System.Buffers;

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
internal sealed class OutcomeLogWriter(string path) : IOutcomeLogWrites
{
    private readonly Lock _lock = new();
    private List<PendingLine> _pending = [];
    private bool _draining;
    private long _batches;

    // The latest stretch of the log this writer wrote without anyone else writing in between, the batch being
    // written included: [_ownStart, _ownEnd). Under _lock.
    private long _ownStart = -1;
    private long _ownEnd = -1;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

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

    /// <summary>Appends and fsyncs; returns where the bytes start. On failure the log is cut back to where it was.</summary>
    private long Append(ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Unbuffered: the bytes go to the OS in one write, and nothing is left to flush (or fail) on dispose.
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var before = stream.Position;
        (long Start, long End) run;
        lock (_lock)
        {
            // Claimed before the bytes land, so nobody who sees them on disk takes them for another process's.
            run = (_ownStart, _ownEnd);
            (_ownStart, _ownEnd) = (before == _ownEnd ? _ownStart : before, before + bytes.Length);
        }

        try
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            // A torn batch left behind would glue the next line to a fragment, and its callers were told it failed.
            try
            {
                stream.SetLength(before);
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
