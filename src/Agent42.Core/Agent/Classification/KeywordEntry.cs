using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>One keyword of <see cref="TaskKeywords"/>, parsed: its stems, its type and weight, and how it counts.</summary>
/// <param name="Stems">The stems of its words, in order; more than one for a phrase.</param>
/// <param name="Type">The type it speaks for.</param>
/// <param name="Weight">Its weight before the clause position is applied.</param>
/// <param name="Verb">Whether it is a verb that decides when it leads a request, and whether it defers to its object.</param>
/// <param name="IsState">A state ("crash", "broken") that counts wherever it stands.</param>
internal sealed record KeywordEntry(string[] Stems, TaskType Type, double Weight, KeywordVerb Verb, bool IsState)
{
    /// <summary>Its index in <see cref="KeywordIndex.All"/>, so a classification can count each keyword once cheaply.</summary>
    public int Id { get; init; }

    /// <summary>Parses <c>[!|~]words[=weight][*]</c> (see <see cref="TaskKeywords"/>).</summary>
    public static KeywordEntry Parse(TaskType type, string spec)
    {
        var verb = spec[0] switch { '!' => KeywordVerb.Decides, '~' => KeywordVerb.Defers, _ => KeywordVerb.None };
        var text = verb == KeywordVerb.None ? spec : spec[1..];
        var isState = text.EndsWith('*');
        text = text.TrimEnd('*');
        var weight = 1.0;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            weight = double.Parse(text[(equals + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            text = text[..equals];
        }

        var words = text.Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        return new KeywordEntry([.. words.Select(WordStemmer.Stem)], type, weight, verb, isState);
    }
}
