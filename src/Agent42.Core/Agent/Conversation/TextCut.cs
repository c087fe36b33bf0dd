using System.Globalization;

namespace Agent42.Core.Agent.Conversation;

/// <summary>Shortens text for a model's context: the middle goes, with a marker saying how much; the start and end stay.</summary>
internal static class TextCut
{
    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="max"/> characters; otherwise its start and end with
    /// a marker between them, at most <paramref name="max"/> characters in all (the marker alone when max is smaller) (never splitting a surrogate pair).
    /// </summary>
    public static string Middle(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // The marker's length depends on the count it names: room for the longest it can be keeps the total within max.
        var keep = Math.Max(0, max - Marker(text.Length).Length);
        var head = keep / 2;
        var tail = keep - head;
        if (head > 0 && char.IsHighSurrogate(text[head - 1]))
        {
            head--;
        }

        var tailStart = text.Length - tail;
        if (tail > 0 && char.IsLowSurrogate(text[tailStart]))
        {
            tailStart++;
        }

        return string.Concat(text.AsSpan(0, head), Marker(tailStart - head), text.AsSpan(tailStart));
    }

    /// <summary>The first line of <paramref name="text"/>, whitespace collapsed, at most <paramref name="max"/> characters (an ellipsis ends a cut one).</summary>
    public static string FirstLine(string text, int max)
    {
        var line = text.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        var first = string.Join(' ', (end < 0 ? line : line[..end]).ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (first.Length <= max)
        {
            return first;
        }

        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(first[cut - 1]))
        {
            cut--;
        }

        return first[..cut] + "…";
    }

    private static string Marker(int removed) => string.Create(CultureInfo.InvariantCulture, $"\n[… {removed} characters cut …]\n");
}
