namespace Agent42.Cli.Rendering;

/// <summary>
/// Plain text for a terminal that asked for no styling (<c>NO_COLOR</c>, <c>TERM=dumb</c>): the answer as written,
/// less the control characters a terminal would obey. Each character is judged alone, so deltas need no joining.
/// </summary>
internal sealed class SanitizedAnswerPrinter(AnswerPrinter inner) : AnswerPrinter
{
    public override void Write(string delta) => inner.Write(TerminalText.Sanitize(delta));

    public override void Restart(string reason) => inner.Restart(TerminalText.Sanitize(reason));

    public override void Finish() => inner.Finish();
}
