namespace Agent42.Core.Agent.Classification;

/// <summary>A keyword found in a text: its first token, how many tokens it spans, and what it weighs there.</summary>
internal record struct KeywordHit(int First, int Count, KeywordEntry Entry, double Scale)
{
    /// <summary>Its weight where it stands, once the clause has been read.</summary>
    public double Weight { get; set; }

    /// <summary>It is the leading verb of its clause.</summary>
    public bool Leads { get; set; }

    public readonly int Last => First + Count - 1;
}
