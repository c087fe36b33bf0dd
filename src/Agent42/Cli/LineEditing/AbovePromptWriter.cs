using System.Text;

namespace Agent42.Cli.LineEditing;

/// <summary>
/// Stderr for the shell's log: whole lines go to <see cref="PromptScreen.WriteError"/>, which puts them above the
/// prompt while a line is read. A line is held until its newline, so a log event is never split by a redraw.
/// </summary>
internal sealed class AbovePromptWriter(PromptScreen screen) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _pending.Append(value);
            var text = _pending.ToString();
            var end = text.LastIndexOf('\n');
            if (end >= 0)
            {
                _pending.Clear().Append(text, end + 1, text.Length - end - 1);
                screen.WriteError(text[..(end + 1)]);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length > 0)
            {
                screen.WriteError(_pending.ToString());
                _pending.Clear();
            }
        }
    }
}
