namespace Agent42.Core.Outcomes;

/// <summary>
/// An outcome line as appended to the log, with the log's length before and after it: a reader that had read
/// exactly up to <see cref="LengthBefore"/> can take this one line instead of reading the log again.
/// </summary>
internal sealed record OutcomeAppend(OutcomeRecord Outcome, long LengthBefore, long LengthAfter);
