namespace Agent42.Core.Agent.Classification;

/// <summary>
/// A light, consistent English stemmer: lower case, then plural, <c>-ing</c>, <c>-ed</c> and a final <c>e</c> off,
/// so "crashes", "crashed" and "crashing" all meet the keyword "crash". Keywords go through the same function, so
/// the stems only need to agree with each other, not to be words ("rename" and "renaming" are both "renam").
/// </summary>
internal static class WordStemmer
{
    /// <summary>Writes the stem of <paramref name="word"/> into <paramref name="into"/> (as long as the word at least) and returns its length.</summary>
    public static int Stem(ReadOnlySpan<char> word, Span<char> into)
    {
        var length = 0;
        foreach (var c in word)
        {
            // Curly apostrophes are typed by phones and word processors; they mean the straight one.
            into[length++] = c is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(c);
        }

        var s = into[..length];
        if (s.EndsWith("'s"))
        {
            length -= 2;
        }
        else if (s.EndsWith("s'"))
        {
            length -= 1;
        }

        s = into[..length];
        if (length > 4 && s.EndsWith("ies"))
        {
            into[length - 3] = 'y';
            length -= 2;
        }
        else if (length > 4 && s.EndsWith("sses"))
        {
            length -= 2;
        }
        else if (length > 3 && s[^1] == 's' && s[^2] is not ('s' or 'u' or 'i' or '\''))
        {
            length -= 1;
        }

        s = into[..length];
        if (length > 5 && s.EndsWith("ing"))
        {
            length -= 3;
        }
        else if (length > 4 && s.EndsWith("ed") && s[^3] != 'e')
        {
            length -= 2;
        }

        s = into[..length];
        if (length > 3 && s[^1] == s[^2] && s[^1] is 'b' or 'd' or 'g' or 'm' or 'n' or 'p' or 't' or 'r')
        {
            length -= 1;
        }
        else if (length > 3 && s[^1] == 'e')
        {
            length -= 1;
        }

        return length;
    }

    /// <summary>The stem as a string, for building the keyword index.</summary>
    public static string Stem(string word)
    {
        Span<char> buffer = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        return new string(buffer[..Stem(word, buffer)]);
    }
}
