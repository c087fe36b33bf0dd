using System.Text;
using System.Text.RegularExpressions;

namespace Agent42.Cli.Rendering;

/// <summary>
/// An answer rendered for the terminal while it streams: each line is rendered when its newline arrives (a partial
/// line is held until then, or until <see cref="Finish"/>), so a line split across deltas anywhere renders the same.
/// </summary>
/// <remarks>
/// A small line renderer rather than Markdig: Markdig parses a whole document, and re-parsing the growing answer on
/// every delta would either redraw what was printed or wait for the end, which streaming is meant to avoid. What a
/// line-wise reading cannot know (a setext heading's underline, a lazy paragraph continuation) is left as written.
/// Model text is sanitized (<see cref="TerminalText"/>) before styling; only Agent42's own SGR codes reach the terminal.
/// </remarks>
internal sealed partial class MarkdownAnswerPrinter(TextWriter output, int width = 80) : AnswerPrinter
{
    private const int MaxStyledLine = 4096;
    private readonly StringBuilder _pending = new();
    private string? _fence;
    private bool _any;

    public override void Write(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        _any = true;
        // Only the delta is searched for a newline: a long line streamed in small pieces costs its length, not its square.
        var end = delta.LastIndexOf('\n');
        if (end < 0)
        {
            _pending.Append(delta);
            return;
        }

        var text = _pending.Append(delta, 0, end).ToString();
        _pending.Clear().Append(delta, end + 1, delta.Length - end - 1);
        var rendered = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            rendered.Append(RenderLine(line)).Append('\n');
        }

        output.Write(rendered.ToString());
        output.Flush();
    }

    public override void Restart(string reason)
    {
        if (!_any)
        {
            return;
        }

        FlushPending();
        output.Write(new StyledText().Styled(AnsiStyle.Dim, $"--- {TerminalText.Sanitize(reason)} ---") + "\n");
        output.Flush();
        _fence = null;
        _any = false;
    }

    public override void Finish()
    {
        FlushPending();
        // A fence the model opened and never closed still printed its code; the next answer starts outside it.
        _fence = null;
        output.Flush();
    }

    private void FlushPending()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        output.Write(RenderLine(_pending.ToString()) + "\n");
        _pending.Clear();
    }

    /// <summary>One complete line (without its newline) as the terminal shows it.</summary>
    private string RenderLine(string raw)
    {
        var line = TerminalText.Sanitize(raw.TrimEnd('\r'));
        var styled = new StyledText();
        if (line.Length > MaxStyledLine && _fence is null)
        {
            // Inline marks are matched by scanning ahead: past this length a line (a model's wall of text) is shown as written.
            return line;
        }

        if (_fence is not null)
        {
            if (IsClosingFence(line, _fence))
            {
                _fence = null;
                return styled.Styled(AnsiStyle.Dim, "```").ToString();
            }

            // Inside a fence: verbatim, no reflow, no marks read.
            return styled.Append("  ").Styled(AnsiStyle.Green, line).ToString();
        }

        if (Fence().Match(line) is { Success: true } fence)
        {
            _fence = fence.Groups["marks"].Value;
            var language = fence.Groups["info"].Value.Trim();
            return styled.Styled(AnsiStyle.Dim, language.Length > 0 ? $"``` {language}" : "```").ToString();
        }

        if (Heading().Match(line) is { Success: true } heading)
        {
            var level = heading.Groups["marks"].Length;
            styled.Push(level == 1 ? AnsiStyle.Bold + AnsiStyle.Underline + AnsiStyle.Cyan : AnsiStyle.Bold + AnsiStyle.Cyan);
            MarkdownInline.Render(heading.Groups["text"].Value, styled);
            return styled.Pop().ToString();
        }

        if (Rule().IsMatch(line))
        {
            return styled.Styled(AnsiStyle.Dim, new string('─', Math.Clamp(width, 3, 80))).ToString();
        }

        RenderBlock(line, styled);
        return styled.ToString();
    }

    /// <summary>Quotes, list items, table rows and paragraphs; a quote's content is read as a line again.</summary>
    private static void RenderBlock(string line, StyledText styled)
    {
        if (Quote().Match(line) is { Success: true } quote)
        {
            styled.Styled(AnsiStyle.Dim, "│ ");
            styled.Push(AnsiStyle.Italic);
            RenderBlock(quote.Groups["text"].Value, styled);
            styled.Pop();
            return;
        }

        if (Bullet().Match(line) is { Success: true } bullet)
        {
            styled.Append(bullet.Groups["indent"].Value).Styled(AnsiStyle.Cyan, "•").Append(" ");
            MarkdownInline.Render(bullet.Groups["text"].Value, styled);
            return;
        }

        if (Numbered().Match(line) is { Success: true } numbered)
        {
            styled.Append(numbered.Groups["indent"].Value).Styled(AnsiStyle.Cyan, numbered.Groups["number"].Value).Append(" ");
            MarkdownInline.Render(numbered.Groups["text"].Value, styled);
            return;
        }

        if (TableDivider().IsMatch(line))
        {
            styled.Styled(AnsiStyle.Dim, line);
            return;
        }

        if (line.TrimStart().StartsWith('|'))
        {
            // A table row stays as written, columns and all; the pipes dimmed, each cell's marks rendered.
            var cells = line.Split('|');
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    styled.Styled(AnsiStyle.Dim, "|");
                }

                MarkdownInline.Render(cells[i], styled);
            }

            return;
        }

        MarkdownInline.Render(line, styled);
    }

    private static bool IsClosingFence(string line, string opening)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= opening.Length && trimmed.All(c => c == opening[0]) && line.Length - line.TrimStart().Length <= 3;
    }

    [GeneratedRegex(@"^ {0,3}(?<marks>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ {0,3}(?<marks>#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^ {0,3}>[ ]?(?<text>.*)$")]
    private static partial Regex Quote();

    [GeneratedRegex(@"^(?<indent>[ \t]*)[-*+][ \t]+(?<text>.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?<number>\d{1,9}[.)])[ \t]+(?<text>.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$")]
    private static partial Regex TableDivider();
}
