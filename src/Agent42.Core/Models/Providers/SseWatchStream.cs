using Agent42.Core.Storage;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// The body of a streamed answer as the client reads it, watched on the way through (never buffered): each read is
/// handed to an <see cref="SseEventScanner"/>, and a failure it finds, the body ending without <c>[DONE]</c>, the
/// connection dropping and a stall each fail the read with a <see cref="ModelCallException"/>. A failed event is
/// never handed up: the read that completes it returns the bytes before it, and the next read fails.
/// </summary>
/// <remarks>
/// A stall is counted only while a read waits, so a reader that is slow to come back (a full stdout pipe) is not
/// taken for a stalled provider: the first data event must come within <c>firstWait</c>, each later one within
/// <c>idle</c>, and keep-alive comments do not reset either. Once a read has failed, every later read fails the same.
/// </remarks>
internal sealed class SseWatchStream(Stream inner, SseEventScanner scanner, TimeProvider time, TimeSpan firstWait, TimeSpan idle, string source)
    : ForwardReadStream(inner)
{
    private TimeSpan _left = firstWait;
    private bool _started;
    private bool _ended;
    private ModelCallException? _failure;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        if (_left <= TimeSpan.Zero)
        {
            throw Fail(Stalled());
        }

        var started = time.GetTimestamp();
        using var stall = new CancellationTokenSource(_left, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        int read;
        try
        {
            read = await Inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(Stalled());
        }
        catch (ModelCallException tooLarge)
        {
            // Over the size cap, from the budget underneath.
            throw Fail(tooLarge);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(new ModelCallException(ModelFailureKind.Unreachable,
                $"{source}: the connection dropped mid-answer ({ex.Message})", inner: ex));
        }

        if (read == 0)
        {
            if (scanner.End() is { } end)
            {
                throw Fail(end);
            }

            _ended = true;
            return 0;
        }

        var lines = scanner.DataLines;
        if (scanner.Scan(buffer.Span[..read], out var safe) is { } failure)
        {
            // The events before the failed one go up (their text was the answer so far); the next read fails.
            Fail(failure);
            if (safe == 0)
            {
                throw failure;
            }

            return safe;
        }

        if (scanner.DataLines != lines)
        {
            _started = true;
            _left = idle;
        }
        else
        {
            _left -= time.GetElapsedTime(started);
        }

        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private ModelCallException Stalled() => new(ModelFailureKind.Timeout, _started
        ? $"{source} sent nothing for {idle.TotalSeconds:0} s mid-answer (MODEL_STREAM_IDLE_SECONDS): the stream stalled"
        : $"{source} did not start answering in time (the call's time-out)");

    private ModelCallException Fail(ModelCallException failure) => _failure = failure;
}
