using System.Text;

namespace Agent42.Core.Security;

/// <summary>
/// Finds the files a simple command's output redirections write to (<c>&gt; f</c>, <c>&gt;&gt; f</c>, <c>&gt;| f</c>,
/// <c>2&gt; f</c>, <c>&amp;&gt; f</c>, <c>&gt;&amp; f</c>, <c>&lt;&gt; f</c>), outside quotes, with the target's quotes
/// removed. Duplications such as <c>2&gt;&amp;1</c> and <c>&gt;&amp;-</c> write to no file and are skipped.
/// </summary>
internal static class CommandRedirections
{
    public static IReadOnlyList<string> Targets(string segment)
    {
        var targets = new List<string>();
        var quote = '\0';
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                if (c == '\\' && quote == '"')
                {
                    i++;
                }

                continue;
            }

            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                continue;
            }

            if (c != '>')
            {
                continue;
            }

            i++;
            if (i < segment.Length && segment[i] is '>' or '|')
            {
                i++;
            }
            else if (i < segment.Length && segment[i] == '&')
            {
                // >&2, >&- and >&$fd duplicate a descriptor; >& word sends both streams to a file.
                var rest = segment[(i + 1)..].TrimStart();
                if (rest.Length == 0 || char.IsAsciiDigit(rest[0]) || rest[0] == '-')
                {
                    continue;
                }

                i++;
            }

            var (word, end) = ReadWord(segment, i);
            i = end - 1;
            if (word.Length > 0)
            {
                targets.Add(word);
            }
        }

        return targets;
    }

    // The next word after blanks, its quotes removed; a $, backtick or glob stays in it for the caller to refuse.
    private static (string Word, int End) ReadWord(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        var word = new StringBuilder();
        var quote = '\0';
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (c is ' ' or '\t' or '<' or '>' or ')' or ';' or '&' or '|')
            {
                break;
            }
            else
            {
                word.Append(c);
            }
        }

        return (word.ToString(), i);
    }
}
