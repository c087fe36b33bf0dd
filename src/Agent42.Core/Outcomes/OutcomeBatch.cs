namespace Agent42.Core.Outcomes;

/// <summary>
/// Outcomes read from a store from some position to <see cref="End"/>. <see cref="EndsMidLine"/>: the file ends in a
/// line without its newline that still read as an outcome (a hand edit), which any later append changes; a line
/// without its newline that does not read (a crash's fragment, or a write under way) is left unread, and
/// <see cref="End"/> is where it starts.
/// </summary>
internal sealed record OutcomeBatch(IReadOnlyList<OutcomeRecord> Outcomes, long End, bool EndsMidLine = false);
