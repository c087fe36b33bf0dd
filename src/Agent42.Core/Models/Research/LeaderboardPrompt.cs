using System.Net;
using System.Text.RegularExpressions;

namespace Agent42.Core.Models.Research;

/// <summary>The extraction prompt for a fetched leaderboard page, with the page reduced to its visible text.</summary>
internal static partial class LeaderboardPrompt
{
    /// <summary>Enough for a leaderboard table, small enough for a free model's context.</summary>
    public const int MaxPageChars = 40_000;

    public static string Build(string url, string page)
    {
        var text = VisibleText(page);
        if (text.Length > MaxPageChars)
        {
            text = text[..MaxPageChars];
        }

        return $$"""
            Below is the text of a model leaderboard page ({{url}}). Extract a score from 0 to 1 for each model it ranks,
            for the capabilities coding, reasoning, writing and general, using only what the page shows; leave out a
            capability the page says nothing about. Answer with only a JSON array, no prose:
            [{"model":"<model name as on the page>","coding":0.8,"reasoning":0.7,"writing":0.6,"general":0.7}]

            --- page ---
            {{text}}
            """;
    }

    public static string VisibleText(string page)
    {
        var text = ScriptsAndStyles().Replace(page, " ");
        text = Tags().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
