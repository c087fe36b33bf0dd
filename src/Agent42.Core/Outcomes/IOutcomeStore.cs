namespace Agent42.Core.Outcomes;

/// <summary>
/// Where finished runs' outcomes are kept and read back: <c>outcomes.jsonl</c> in the data directory
/// (<see cref="OutcomeLogWriter"/>), or a database shared by several machines. A store is an ordered, append-only
/// sequence; positions are the store's own (byte offsets in the file, row ids in a table), only ever compared with
/// positions the same store handed out.
/// </summary>
internal interface IOutcomeStore
{
    /// <summary>Where the outcomes are, for messages: the log's path, or the database and table.</summary>
    string Description { get; }

    /// <summary>
    /// Appends <paramref name="outcome"/> and returns it with the store's position before and after it, once it is
    /// durable. A follower that has read exactly up to <see cref="OutcomeAppend.LengthBefore"/> can take the outcome
    /// instead of reading. Cancelled before the store took it, nothing is written.
    /// </summary>
    Task<OutcomeAppend> AppendAsync(OutcomeRecord outcome, CancellationToken cancellationToken);

    /// <summary>Every outcome in store order, and a line per entry that could not be read, naming it.</summary>
    (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) ReadAll();

    /// <summary>
    /// The outcomes after <paramref name="position"/> (0: from the start) as the store holds them now, in store order,
    /// and the position they end at; null when <paramref name="position"/> is past the store's end (it was cut back),
    /// so the caller reads from the start again.
    /// </summary>
    OutcomeBatch? ReadFrom(long position);

    /// <summary>
    /// What follows <paramref name="position"/> without reading it: nothing, only entries this process wrote (whose
    /// callers will hand them over), or something else, which only <see cref="ReadFrom"/> can tell.
    /// </summary>
    OutcomeTail TailAfter(long position);
}
