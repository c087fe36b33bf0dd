namespace Agent42.Core.Agent.Classification;

/// <summary>
/// Splits a task text into words for <see cref="TaskTypeClassifier"/>: letters and digits, with an inner apostrophe
/// ("doesn't"), an inner dot ("sales.csv", "1.3") and a trailing <c>#</c> or <c>++</c> on one letter ("c#"); a
/// hyphen or slash separates words without ending a clause ("follow-up", "src/hooks"); punctuation and line breaks
/// end clauses; text between backticks or double quotes is marked as material (code, an error message, a text to
/// answer), not the request.
/// </summary>
internal static class PromptTokenizer
{
    /// <summary>
    /// Fills <paramref name="tokens"/> (as many as fit) and writes stems into <paramref name="stems"/> (at least as long as
    /// the text); returns the number of tokens.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, Span<PromptToken> tokens, Span<char> stems)
    {
        var count = 0;
        var stemAt = 0;
        var inFence = false;
        var inInline = false;
        var inQuotes = false;
        var clauseStart = true;
        var i = 0;
        while (i < text.Length && count < tokens.Length)
        {
            var c = text[i];
            if (c == '`')
            {
                if (text[i..].StartsWith("```"))
                {
                    inFence = !inFence;
                    i += 3;
                }
                else
                {
                    inInline = !inInline && !inFence;
                    i++;
                }

                clauseStart = true;
                continue;
            }

            if (!IsWordChar(c))
            {
                if (c is ',' or ';' or ':' or '!' or '?' or '.' or '\n' or '\r' or '(' or ')' or '"' or '\u201c' or '\u201d')
                {
                    clauseStart = true;
                }

                if (c is '"' or '\u201c' or '\u201d' && !inFence && !inInline)
                {
                    // A curly pair opens with the left mark and closes with the right; a straight one toggles.
                    inQuotes = c switch { '\u201c' => true, '\u201d' => false, _ => !inQuotes };
                }

                i++;
                continue;
            }

            var start = i;
            var extension = 0;
            while (i < text.Length)
            {
                var ch = text[i];
                if (IsWordChar(ch))
                {
                    i++;
                }
                else if (ch is '\'' or '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)
                {
                    i++;
                }
                else if (ch == '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > start)
                {
                    extension = 0;
                    i++;
                    var dotAt = i;
                    while (i < text.Length && IsWordChar(text[i]))
                    {
                        i++;
                    }

                    extension = i - dotAt;
                }
                else
                {
                    break;
                }
            }

            // "c#", "f#", "c++": the sign belongs to a one-letter name.
            if (i - start == 1 && i < text.Length && (text[i] == '#' || text[i..].StartsWith("++")))
            {
                i += text[i] == '#' ? 1 : 2;
            }

            // A file name is looked up by its base name ("README.md" is "readme"); its extension is read apart.
            var stemLength = WordStemmer.Stem(text[start..(extension > 0 ? i - extension - 1 : i)], stems[stemAt..]);
            tokens[count++] = new PromptToken(
                start, i - start, stemAt, stemLength, clauseStart, inFence || inInline || inQuotes, extension, ShapeOf(text, start, i));
            stemAt += stemLength;
            clauseStart = false;
        }

        return count;
    }

    private static PromptTokenShape ShapeOf(ReadOnlySpan<char> text, int start, int end)
    {
        if (end < text.Length && text[end] == '/' && (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1])) && end - start > 1)
        {
            return PromptTokenShape.Folder;
        }

        var word = text[start..end];
        for (var i = 1; i < word.Length - 1; i++)
        {
            if ((word[i] == '_' && char.IsLetter(word[i - 1]) && char.IsLetter(word[i + 1])) ||
                (char.IsUpper(word[i]) && char.IsLower(word[i - 1]) && char.IsLower(word[i + 1])))
            {
                return PromptTokenShape.Identifier;
            }
        }

        return PromptTokenShape.Word;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
