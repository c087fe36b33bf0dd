using System.Text;

namespace Agent42.Core.Security;

/// <summary>
/// Splits a shell command into the simple commands it runs, for the allow list: at <c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>|</c>, <c>&amp;</c> and where <c>$(</c>, <c>&lt;(</c>, <c>&gt;(</c> or <c>(</c> start one, but
/// not inside quotes or after a backslash, so <c>git commit -m "a; b"</c> is one command.
/// </summary>
/// <remarks>
/// Not a shell parser: it follows quotes and nesting far enough to find where commands start. <c>$(</c> starts
/// a command even inside double quotes, and its matching <c>)</c> returns to the quotes it interrupted.
/// </remarks>
internal static class CommandSplitter
{
    private const char NoQuote = '\0';

    public static IReadOnlyList<string> Split(string command)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        // The quote each open ( interrupted, so its ) can restore it: "$(ls)" is back inside the quotes.
        var interrupted = new Stack<char>();
        var quote = NoQuote;

        void EndSegment()
        {
            segments.Add(current.ToString());
            current.Clear();
        }

        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            var next = i + 1 < command.Length ? command[i + 1] : NoQuote;

            if (quote == '\'')
            {
                quote = c == '\'' ? NoQuote : quote;
                current.Append(c);
            }
            else if (c == '\\' && next != NoQuote)
            {
                current.Append(c).Append(next);
                i++;
            }
            else if (c == '$' && next == '(')
            {
                interrupted.Push(quote);
                quote = NoQuote;
                EndSegment();
                i++;
            }
            else if (quote == '"')
            {
                quote = c == '"' ? NoQuote : quote;
                current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == '(')
            {
                // <( and >( run a command like $( does; the < or > stays with the command before.
                interrupted.Push(NoQuote);
                EndSegment();
            }
            else if (c == ')')
            {
                quote = interrupted.Count > 0 ? interrupted.Pop() : NoQuote;
                current.Append(c);
            }
            else if (IsSeparator(command, i))
            {
                EndSegment();
            }
            else
            {
                current.Append(c);
            }
        }

        EndSegment();
        return segments;
    }

    // ; | and &, but not the | of the redirection >| nor the & of 2>&1, >&2 and &>.
    private static bool IsSeparator(string command, int i) => command[i] switch
    {
        ';' => true,
        '|' => i == 0 || command[i - 1] != '>',
        '&' => (i == 0 || command[i - 1] is not ('<' or '>')) && (i + 1 == command.Length || command[i + 1] != '>'),
        _ => false,
    };
}
