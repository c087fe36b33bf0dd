namespace Agent42.Core.Outcomes;

/// <summary>A line handed to <see cref="OutcomeLogWriter"/>, and its caller waiting to hear where it went.</summary>
internal sealed class PendingLine(byte[] line, CancellationToken cancellationToken)
{
    private const int Waiting = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private int _state;

    public byte[] Line { get; } = line;

    // Answered on the pool, not inline on the drain, so callers' continuations do not hold up the next batch.
    public TaskCompletionSource<(long Before, long After)> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The writer takes the line; false if its caller cancelled first.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Waiting) == Waiting;

    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            Completion.TrySetCanceled(cancellationToken);
        }
    }
}
