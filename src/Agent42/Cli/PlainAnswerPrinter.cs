namespace Agent42.Cli;

/// <summary>The answer exactly as the model wrote it, flushed piece by piece, for pipes and files.</summary>
internal sealed class PlainAnswerPrinter(TextWriter output) : AnswerPrinter
{
    private bool _atLineStart = true;
    private bool _any;

    public override void Write(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        output.Write(delta);
        output.Flush();
        _any = true;
        _atLineStart = delta[^1] == '\n';
    }

    public override void Restart(string reason)
    {
        if (!_any)
        {
            return;
        }

        if (!_atLineStart)
        {
            output.WriteLine();
        }

        output.WriteLine($"--- {reason} ---");
        output.Flush();
        _atLineStart = true;
        _any = false;
    }

    public override void Finish()
    {
        if (!_atLineStart)
        {
            output.WriteLine();
        }

        output.Flush();
        _atLineStart = true;
    }
}
