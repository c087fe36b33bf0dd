namespace Agent42.Core.Agent.Classification;

/// <summary>How much a keyword weighs by where it stands; tuned on the tuning set (see <see cref="TaskKeywords"/>).</summary>
internal static class PlaceWeights
{
    /// <summary>Pasted code adds at most this much to a type, however many keywords it holds.</summary>
    public const double MaxFromCode = 1;

    /// <summary>A deferring verb keeps this share of its weight when its object is of another kind.</summary>
    public const double Deferred = 0.4;

    /// <summary>What a statement with a negation ("it doesn't start", "the emails never arrive") adds to debugging.</summary>
    public const double DefectSignal = 2.5;

    /// <summary>What a clause opening with "why" adds to debugging when the text is about code.</summary>
    public const double WhyAboutCode = 1.5;

    /// <summary>What coding keeps when a defect is said: the code is where the defect is.</summary>
    public const double CodeAroundADefect = 0.5;

    /// <summary>What another type's word keeps in a statement of a defect.</summary>
    public const double InADefectStatement = 0.5;

    /// <summary>What a question not about "we" adds to research.</summary>
    public const double Question = 0.8;

    /// <summary>What a typo of a keyword keeps of its weight.</summary>
    public const double Typo = 0.8;

    /// <summary>The weight of <paramref name="entry"/> at <paramref name="place"/>; <paramref name="leads"/> when it is the clause's leading verb.</summary>
    public static double Of(TokenPlace place, KeywordEntry entry, bool leads, bool isErrorName)
    {
        if (isErrorName && place == TokenPlace.Code)
        {
            place = TokenPlace.Free;
        }

        var multiplier = place switch
        {
            TokenPlace.Verb when leads && entry.Verb != KeywordVerb.None => 1.5,
            TokenPlace.Verb => 1,
            TokenPlace.Negated => 0.3,
            TokenPlace.Code => 0.2,
            TokenPlace.ObjectHead => 1.3,
            TokenPlace.Object => 0.8,
            TokenPlace.Topic => 0.5,
            TokenPlace.Place => 0.8,
            // A statement or question names things rather than asks for one.
            _ => 0.8,
        };

        // A state is a fact about the work wherever it is said ("write to the landlord about the broken heating" aside).
        if (entry.IsState && place is not (TokenPlace.Negated or TokenPlace.Code))
        {
            multiplier = Math.Max(multiplier, place == TokenPlace.Topic ? 0.8 : 1);
        }

        return multiplier * entry.Weight;
    }
}
