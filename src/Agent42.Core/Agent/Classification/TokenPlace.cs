namespace Agent42.Core.Agent.Classification;

/// <summary>Where a word stands in its clause, which sets how much its keyword weighs (<see cref="PlaceWeights"/>).</summary>
internal enum TokenPlace : byte
{
    /// <summary>A clause with no leading verb: a statement or a question.</summary>
    Free,

    /// <summary>The verb that leads a request.</summary>
    Verb,

    /// <summary>In the verb's object, before its last word.</summary>
    Object,

    /// <summary>The last word of the verb's object: what is made or worked on.</summary>
    ObjectHead,

    /// <summary>After "about", "for", "of" and the like: what it is about.</summary>
    Topic,

    /// <summary>After "in", "into", "to": where the work goes.</summary>
    Place,

    /// <summary>After a negation in the same clause.</summary>
    Negated,

    /// <summary>Between backticks: pasted material.</summary>
    Code,
}
