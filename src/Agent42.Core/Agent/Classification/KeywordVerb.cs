namespace Agent42.Core.Agent.Classification;

/// <summary>How a keyword counts when it is the verb that leads a request.</summary>
internal enum KeywordVerb
{
    /// <summary>Not a verb: it counts by where it stands.</summary>
    None,

    /// <summary>A verb that decides the type when it leads ("refactor", "design").</summary>
    Decides,

    /// <summary>A verb that leads but gives way to an object of another kind ("fix the typo", "compare the charts").</summary>
    Defers,
}
