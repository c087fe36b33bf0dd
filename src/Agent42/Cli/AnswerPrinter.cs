namespace Agent42.Cli;

/// <summary>
/// Where a run's answer goes on stdout as it streams: plain text as it arrives when stdout is piped or redirected,
/// rendered for the terminal otherwise. Progress never comes here; it goes to stderr.
/// </summary>
internal abstract class AnswerPrinter
{
    /// <summary>The printer for this console's stdout (see <see cref="Rendering.AnswerRendering"/>).</summary>
    public static AnswerPrinter For(CliConsole console) => Rendering.AnswerRendering.For(console);

    /// <summary>Writes the next piece of the answer.</summary>
    public abstract void Write(string delta);

    /// <summary>What was printed is void (the stream broke, or a revision follows): marks the break, then a new answer starts.</summary>
    public abstract void Restart(string reason);

    /// <summary>The answer is complete: ends its last line and flushes.</summary>
    public abstract void Finish();
}
