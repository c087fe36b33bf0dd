using System.Text;

namespace Agent42.Cli.Rendering;

/// <summary>
/// Markdown's inline marks within one line: <c>`code`</c>, <c>**bold**</c>, <c>*emphasis*</c>, <c>[text](url)</c>,
/// <c>&lt;url&gt;</c> and backslash escapes. A mark without its closing half is printed as written, as a model that
/// meant a literal asterisk would want. Input is already sanitized; nothing in it is ever read as a style.
/// </summary>
internal static class MarkdownInline
{
    public static void Render(string text, StyledText output)
    {
        var plain = new StringBuilder();
        void Flush()
        {
            output.Append(plain.ToString());
            plain.Clear();
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && IsAsciiPunctuation(text[i + 1]))
            {
                plain.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '`')
            {
                var run = RunLength(text, i, '`');
                var close = FindRun(text, i + run, '`', run);
                if (close < 0)
                {
                    plain.Append(text, i, run);
                    i += run;
                    continue;
                }

                Flush();
                output.Styled(AnsiStyle.Yellow, CodeContent(text[(i + run)..close]));
                i = close + run;
                continue;
            }

            if (c is '*' or '_' && TryEmphasis(text, i, c, output, Flush) is { } next)
            {
                i = next;
                continue;
            }

            if (c == '[' && TryLink(text, i, output, Flush) is { } afterLink)
            {
                i = afterLink;
                continue;
            }

            if (c == '<' && TryAutolink(text, i, output, Flush) is { } afterAutolink)
            {
                i = afterAutolink;
                continue;
            }

            plain.Append(c);
            i++;
        }

        Flush();
    }

    private static int? TryEmphasis(string text, int start, char mark, StyledText output, Action flush)
    {
        var run = RunLength(text, start, mark);
        var width = run >= 2 ? 2 : 1;
        var open = start + width;
        // An opening mark is followed by text, and '_' only opens at a word's start (snake_case stays as written).
        if (open >= text.Length || char.IsWhiteSpace(text[open]) || (mark == '_' && start > 0 && char.IsLetterOrDigit(text[start - 1])))
        {
            return null;
        }

        for (var close = open + 1; close + width <= text.Length; close++)
        {
            if (text[close] != mark || char.IsWhiteSpace(text[close - 1]) || RunLength(text, close, mark) < width)
            {
                continue;
            }

            var after = close + width;
            if (width == 1 && after < text.Length && text[after] == mark)
            {
                // Part of a double mark: not this single one's closing.
                close = after;
                continue;
            }

            if (mark == '_' && after < text.Length && char.IsLetterOrDigit(text[after]))
            {
                continue;
            }

            flush();
            output.Push(width == 2 ? AnsiStyle.Bold : AnsiStyle.Italic);
            Render(text[open..close], output);
            output.Pop();
            return after;
        }

        return null;
    }

    private static int? TryLink(string text, int start, StyledText output, Action flush)
    {
        var close = text.IndexOf(']', start + 1);
        if (close < 0 || close + 1 >= text.Length || text[close + 1] != '(')
        {
            return null;
        }

        var end = text.IndexOf(')', close + 2);
        if (end < 0)
        {
            return null;
        }

        var label = text[(start + 1)..close];
        var url = text[(close + 2)..end].Trim();
        flush();
        output.Push(AnsiStyle.Underline);
        Render(label, output);
        output.Pop();
        if (url.Length > 0 && url != label)
        {
            output.Styled(AnsiStyle.Dim, $" ({url})");
        }

        return end + 1;
    }

    private static int? TryAutolink(string text, int start, StyledText output, Action flush)
    {
        var end = text.IndexOf('>', start + 1);
        if (end < 0)
        {
            return null;
        }

        var url = text[(start + 1)..end];
        if (!(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || url.Any(char.IsWhiteSpace))
        {
            return null;
        }

        flush();
        output.Styled(AnsiStyle.Underline, url);
        return end + 1;
    }

    /// <summary>A code span's content: one space of padding on both sides is dropped, as CommonMark does.</summary>
    private static string CodeContent(string content) =>
        content.Length >= 2 && content[0] == ' ' && content[^1] == ' ' && content.Trim().Length > 0 ? content[1..^1] : content;

    private static int RunLength(string text, int start, char c)
    {
        var end = start;
        while (end < text.Length && text[end] == c)
        {
            end++;
        }

        return end - start;
    }

    /// <summary>The start of the next run of exactly <paramref name="length"/> <paramref name="c"/>s from <paramref name="from"/>, or -1.</summary>
    private static int FindRun(string text, int from, char c, int length)
    {
        for (var i = from; i < text.Length;)
        {
            if (text[i] != c)
            {
                i++;
                continue;
            }

            var run = RunLength(text, i, c);
            if (run == length)
            {
                return i;
            }

            i += run;
        }

        return -1;
    }

    private static bool IsAsciiPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');
}
