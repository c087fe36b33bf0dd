using System.Collections.ObjectModel;
using Agent42.Core.Routing.Files;

namespace Agent42.Core.Routing;

/// <summary>
/// The eligible models of one decision's shape: the primary order with what it skipped, the models exploration draws
/// among (the registry's routable models that are eligible, in its order), and the critic order. It depends only on
/// the shape (the registry, the type's learned entry, the tool and context needs) while no model is cooling down, so
/// the router keeps it per type and reuses it until one of them changes; a decision made while a cooldown runs works
/// it out afresh and does not keep it. Read-only: decisions share it.
/// </summary>
internal sealed class EligibleOrder(
    RegistryIndex index,
    RoutingEntry? learned,
    bool usesTools,
    int? minContext,
    ModelCandidate[] primary,
    string[] skipped,
    string[] poolKeys,
    int[] poolSlots,
    ModelCandidate[] allCritics)
{
    public RegistryIndex Index { get; } = index;

    public bool UsesTools { get; } = usesTools;

    public IReadOnlyList<ModelCandidate> Primary { get; } = Array.AsReadOnly(primary);

    public IReadOnlyList<string> Skipped { get; } = skipped.Length == 0 ? [] : Array.AsReadOnly(skipped);

    /// <summary>The keys of the models exploration draws among.</summary>
    public IReadOnlyList<string> PoolKeys { get; } = Array.AsReadOnly(poolKeys);

    /// <summary>Their registry slots, in the same order.</summary>
    public IReadOnlyList<int> PoolSlots { get; } = Array.AsReadOnly(poolSlots);

    /// <summary>The index in the pool of the primary order's first model, or -1 when it is not there.</summary>
    public int Incumbent { get; } = primary.Length == 0 ? -1 : Array.LastIndexOf(poolKeys, primary[0].Key);

    /// <summary>The critic order's eligible models, before the task's primary is left out.</summary>
    public IReadOnlyList<ModelCandidate> AllCritics { get; } = Array.AsReadOnly(allCritics);

    /// <summary>The critics when no trial takes the task: <see cref="AllCritics"/> without the primary order's first.</summary>
    public IReadOnlyList<ModelCandidate> Critics { get; } = primary.Length == 0 ? [] : Without(allCritics, primary[0]);

    /// <summary>
    /// The decision without a trial on this order, once made (the router sets it for a kept order): it is the same for
    /// every task of the shape, and nothing in it changes, so tasks share it.
    /// </summary>
    public RoutingDecision? Untried
    {
        get => Volatile.Read(ref _untried);
        set => Volatile.Write(ref _untried, value);
    }

    private RoutingDecision? _untried;

    // Per pool model, once it has taken a trial: the primary order with it first, and the critics without it. One
    // reference per model, so a decision reading it while another writes it sees all of it or nothing.
    private readonly TrialOrders?[] _trials = new TrialOrders?[poolKeys.Length];

    /// <summary>The orders of a trial of the pool's <paramref name="poolIndex"/>-th model: it first, then the primary order without it; the critics without it.</summary>
    public (IReadOnlyList<ModelCandidate> Primary, IReadOnlyList<ModelCandidate> Critics) WithTrial(int poolIndex, ModelCandidate candidate)
    {
        var orders = Volatile.Read(ref _trials[poolIndex]);
        if (orders is null)
        {
            // Two decisions at once may both work it out; they get the same.
            orders = new TrialOrders(WithFirst(Primary, candidate), Without(AllCritics, candidate));
            Volatile.Write(ref _trials[poolIndex], orders);
        }

        return (orders.Primary, orders.Critics);
    }

    /// <summary>Whether this is the order of a decision of that shape (by reference: a new registry or routing file is a new shape).</summary>
    public bool IsFor(RegistryIndex other, RoutingEntry? otherLearned, bool otherUsesTools, int? otherMinContext) =>
        ReferenceEquals(Index, other) && ReferenceEquals(learned, otherLearned) && UsesTools == otherUsesTools && minContext == otherMinContext;

    /// <summary>The order with <paramref name="first"/> moved to its front.</summary>
    private static ModelCandidate[] WithFirst(IReadOnlyList<ModelCandidate> order, ModelCandidate first)
    {
        var others = 0;
        for (var i = 0; i < order.Count; i++)
        {
            others += order[i].Key == first.Key ? 0 : 1;
        }

        var result = new ModelCandidate[1 + others];
        result[0] = first;
        var at = 1;
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i].Key != first.Key)
            {
                result[at++] = order[i];
            }
        }

        return result;
    }

    /// <summary>The critics without <paramref name="primary"/> (by key: it is never its own critic while another is eligible), else it alone.</summary>
    public static ReadOnlyCollection<ModelCandidate> Without(IReadOnlyList<ModelCandidate> critics, ModelCandidate primary)
    {
        var kept = 0;
        for (var i = 0; i < critics.Count; i++)
        {
            kept += critics[i].Key == primary.Key ? 0 : 1;
        }

        if (kept == 0)
        {
            return Array.AsReadOnly(new[] { primary });
        }

        var result = new ModelCandidate[kept];
        var at = 0;
        for (var i = 0; i < critics.Count; i++)
        {
            if (critics[i].Key != primary.Key)
            {
                result[at++] = critics[i];
            }
        }

        return Array.AsReadOnly(result);
    }

    private sealed record TrialOrders(ModelCandidate[] Primary, ReadOnlyCollection<ModelCandidate> Critics);
}
