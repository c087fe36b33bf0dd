namespace Agent42.Core.Routing;

/// <summary>
/// The working buffers of one routing decision, kept between decisions so a decision in steady state allocates
/// nothing for them. One decision at a time uses an instance (the router lends it out; a concurrent decision gets
/// one of its own). Visits are marked per registry slot with a walk number, so a walk starts without clearing.
/// </summary>
internal sealed class DecisionScratch
{
    private int[] _seen = [];
    private int[] _eligible = [];
    private int _walk;

    /// <summary>The keys before the registry's own order (an override, the learned primary and fallbacks) seen in this walk.</summary>
    public List<string> HeadKeys { get; } = [];

    public List<ModelCandidate> Eligible { get; } = [];

    public List<string> Skipped { get; } = [];

    public List<string> PoolKeys { get; } = [];

    public List<int> PoolSlots { get; } = [];

    /// <summary>Starts a walk over an order of a registry of <paramref name="slots"/> models: no slot is visited or eligible yet.</summary>
    public void BeginWalk(int slots)
    {
        if (_seen.Length < slots)
        {
            (_seen, _eligible, _walk) = (new int[slots], new int[slots], 0);
        }

        if (_walk == int.MaxValue)
        {
            Array.Clear(_seen);
            Array.Clear(_eligible);
            _walk = 0;
        }

        _walk++;
        HeadKeys.Clear();
        Eligible.Clear();
    }

    /// <summary>Marks the slot visited in this walk; false when it already was (a model named twice is taken once).</summary>
    public bool FirstVisit(int slot)
    {
        if (_seen[slot] == _walk)
        {
            return false;
        }

        _seen[slot] = _walk;
        return true;
    }

    public void MarkEligible(int slot) => _eligible[slot] = _walk;

    /// <summary>Whether the slot was found eligible in this walk.</summary>
    public bool WasEligible(int slot) => _eligible[slot] == _walk;

    /// <summary>Lets go of what the last decision held, before the instance is lent out again.</summary>
    public void Clear()
    {
        HeadKeys.Clear();
        Eligible.Clear();
        Skipped.Clear();
        PoolKeys.Clear();
        PoolSlots.Clear();
    }
}
