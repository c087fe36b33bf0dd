using System.Text;

namespace Agent42.Cli.Rendering;

/// <summary>
/// Makes a model's text safe to put on a terminal: it is untrusted input, and a control character in it would be
/// obeyed by the terminal (ESC starts sequences that move the cursor, clear the screen, retitle the window, write the
/// clipboard through OSC 52 or plant OSC 8 links; CR overwrites what was shown; bidi overrides reorder it).
/// </summary>
internal static class TerminalText
{
    /// <summary>The text without C0 controls (tab and newline kept), DEL, C1 controls and bidi overrides.</summary>
    public static string Sanitize(string text)
    {
        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (!IsUnsafe(text[i]))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether the terminal would act on <paramref name="c"/> rather than show it.</summary>
    public static bool IsUnsafe(char c) => c switch
    {
        '\t' or '\n' => false,
        < ' ' => true,
        >= '\u007f' and <= '\u009f' => true,
        // Bidirectional embeddings, overrides and isolates: they make shown text differ from what it is.
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
