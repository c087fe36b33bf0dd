namespace Agent42.Core.Outcomes;

/// <summary>What a store holds after a follower's position, as far as it can tell without reading.</summary>
internal enum OutcomeTail
{
    /// <summary>Nothing: the position is the store's end.</summary>
    None,

    /// <summary>Only entries this process wrote, whose callers are about to hand them over.</summary>
    Own,

    /// <summary>Entries of another process, a store cut back, or a store that cannot tell: read to know.</summary>
    Unknown,
}
