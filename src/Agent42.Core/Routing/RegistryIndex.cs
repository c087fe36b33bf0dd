using Agent42.Core.Models.Providers;

namespace Agent42.Core.Routing;

/// <summary>
/// What routing decisions need of one provider registry, worked out once for it (a registry never changes once
/// built; a catalog change brings a new one): each model's slot and candidate, and the routable models in the
/// registry's default order with their slots, so a decision walks arrays instead of looking models up by key.
/// </summary>
internal sealed class RegistryIndex
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly ModelCandidate[] _candidates;
    private readonly IReadOnlyList<RegisteredModel> _withTools;
    private readonly IReadOnlyList<RegisteredModel> _anyTools;
    private readonly int[] _withToolsSlots;
    private readonly int[] _anyToolsSlots;

    public RegistryIndex(ProviderRegistry registry)
    {
        Registry = registry;
        var all = registry.All;
        _candidates = new ModelCandidate[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            // Keys are unique in a registry.
            _slots[all[i].Key] = i;
            _candidates[i] = new ModelCandidate(all[i].Key, all[i].ProviderModelId);
        }

        _withTools = registry.Routable(requireTools: true, minContext: null);
        _anyTools = registry.Routable(requireTools: false, minContext: null);
        _withToolsSlots = SlotsOf(_withTools);
        _anyToolsSlots = SlotsOf(_anyTools);
    }

    public ProviderRegistry Registry { get; }

    /// <summary>How many models the registry has, so slots run 0..Count - 1.</summary>
    public int Count => _candidates.Length;

    /// <summary>The routable models, best default first (<see cref="ProviderRegistry.Routable"/> without a context need).</summary>
    public IReadOnlyList<RegisteredModel> Defaults(bool requireTools) => requireTools ? _withTools : _anyTools;

    /// <summary>The slot of each of <see cref="Defaults"/>, in the same order.</summary>
    public int[] DefaultSlots(bool requireTools) => requireTools ? _withToolsSlots : _anyToolsSlots;

    /// <summary>The slot of a model of this registry.</summary>
    public int SlotOf(RegisteredModel model) => _slots[model.Key];

    /// <summary>The candidate of the model in a slot, one instance for every decision.</summary>
    public ModelCandidate Candidate(int slot) => _candidates[slot];

    private int[] SlotsOf(IReadOnlyList<RegisteredModel> models)
    {
        var slots = new int[models.Count];
        for (var i = 0; i < models.Count; i++)
        {
            slots[i] = _slots[models[i].Key];
        }

        return slots;
    }
}
