using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>
/// Routes a task type, in the documented order: an admin override (<c>AGENT42_&lt;TYPE&gt;_MODEL</c>, <c>_CRITIC</c>,
/// <c>_MAX_ITER</c>, read at use) always wins; else the learned routing in <c>dynamic_routing.json</c>; else the
/// built-in defaults (free models with tool support, largest context first). Then eligibility: a model that is
/// missing or paid, lacks tool support, has too small a context for the task, or is cooling down is skipped for the
/// next eligible one, and the decision says so. Outside an admin override, another eligible model may take the task on
/// trial (Thompson sampling over all of them, under the <c>MODEL_TRIAL_PERCENTAGE</c> cap on what exploring costs; see
/// <see cref="TrialSelector"/>).
/// </summary>
/// <remarks>
/// A decision is on every task's path, so it walks arrays of a per-registry index (<see cref="RegistryIndex"/>) with
/// lent buffers (<see cref="DecisionScratch"/>), and keeps each type's eligible order (<see cref="EligibleOrder"/>)
/// for the next decision of the same shape while no model cools down: in steady state it allocates only the decision.
/// </remarks>
internal sealed class ModelRouter(IConfiguration configuration, RoutingFileStore store, ModelCooldowns cooldowns, RoutingOptions options)
{
    private static readonly Func<string> DefaultReason = () => "built-in default: free, supports tools, largest context first";

    private readonly TrialSelector _trials = new(cooldowns, options);

    // Per task type and tool need: the eligible order of the last decision made with no model cooling down.
    private readonly EligibleOrder?[] _orders = new EligibleOrder?[2 * Enum.GetValues<TaskType>().Length];
    private RegistryIndex? _index;
    private DecisionScratch? _spare;

    /// <param name="minContext">Tokens the task needs from the context window (the runner estimates it from the prompt and tools); null when unknown.</param>
    /// <param name="allowTrial">False to leave trials out: what a task gets when no trial takes it, as the routing commands show.</param>
    public RoutingDecision Route(TaskType type, ProviderRegistry registry, OutcomeStats outcomes, Random random, bool usesTools = true,
        Func<string, double?>? prior = null, int? minContext = null, bool allowTrial = true)
    {
        var names = RoutingVariables.Of(type);
        var index = IndexOf(registry);

        RoutingLayer layer;
        Func<string>? reason = null;
        string? head = null;
        IReadOnlyList<string>? fallbacks = null;
        RoutingEntry? learned = null;
        string? criticKey = null;
        var maxIterations = TaskTypeDefaults.MaxIterations(type);
        if (configuration[names.Model] is { Length: > 0 } admin)
        {
            layer = RoutingLayer.Admin;
            reason = AdminReason(names.Prefix);
            // Named by key or by provider id, as --model takes it; by key from here on, so it is one model in the order.
            head = KeyOf(registry, admin);
            criticKey = configuration[names.Critic] is { Length: > 0 } c ? KeyOf(registry, c) : null;
            if (int.TryParse(configuration[names.MaxIterations], out var max) && max > 0)
            {
                maxIterations = max;
            }
        }
        else if (store.Current()?.Routing.GetValueOrDefault(names.Wire) is { } entry)
        {
            (layer, learned) = (RoutingLayer.Dynamic, entry);
            (head, fallbacks, criticKey) = (entry.Primary, entry.Fallbacks, entry.Critic);
            maxIterations = entry.MaxIterations > 0 ? entry.MaxIterations : maxIterations;
        }
        else
        {
            layer = RoutingLayer.Default;
            reason = DefaultReason;
        }

        var order = Order(type, layer, index, learned, head, fallbacks, criticKey, usesTools, minContext, out var kept);
        if (order.Primary.Count == 0)
        {
            throw new RoutingException($"no eligible model for {names.Wire}: {(order.Skipped.Count == 0 ? "the catalog has none with tool support; run 'agent42 models sync'" : string.Join("; ", order.Skipped))}");
        }

        if (allowTrial && layer != RoutingLayer.Admin
            && _trials.Candidate(type, order.Primary[0], order, outcomes, random, prior ?? (_ => null)) is { } trial)
        {
            // By resolved key: the trial model is never its own critic while another model is eligible.
            var (primary, critics) = order.WithTrial(trial.PoolIndex, trial.Candidate);
            return new RoutingDecision(type, RoutingLayer.Trial, trial.Reason, primary, critics, maxIterations, isTrial: true, order.Skipped,
                fallbackLayer: layer);
        }

        // A kept order is of one layer and routing entry, so its untried decision is the same every time: made once.
        if (kept && order.Untried is { } same && same.Type == type && same.Layer == layer && same.MaxIterations == maxIterations)
        {
            return same;
        }

        var decision = new RoutingDecision(type, layer, reason ?? LearnedReason(learned!), order.Primary, order.Critics, maxIterations, isTrial: false,
            order.Skipped);
        if (kept)
        {
            order.Untried = decision;
        }

        return decision;
    }

    /// <summary>
    /// The explicit layer, for a model the user names with <c>--model</c> (a key or a provider id): that model alone as
    /// primary, whatever its eligibility, and the routable tool-capable models as critics, the named one last.
    /// </summary>
    public static RoutingDecision Explicit(TaskType type, ProviderRegistry registry, string requested)
    {
        // A model the registry does not know is taken as a provider id as it is: a local server's model name.
        var match = registry.Resolve(requested);
        var candidate = match is null ? new ModelCandidate(requested, requested) : new ModelCandidate(match.Key, match.ProviderModelId);
        var critics = registry.Routable(requireTools: true, minContext: null)
            .Select(m => new ModelCandidate(m.Key, m.ProviderModelId))
            .Where(c => c.Key != candidate.Key)
            .Append(candidate)
            .ToList();
        return new RoutingDecision(type, RoutingLayer.Explicit, () => "--model", [candidate], critics, TaskTypeDefaults.MaxIterations(type), isTrial: false,
            skipped: [], criticReason: "the next available model, as a second opinion");
    }

    private static string KeyOf(ProviderRegistry registry, string keyOrId) => registry.Resolve(keyOrId)?.Key ?? keyOrId.Trim();

    /// <summary>
    /// The decision's eligible order: the one kept for the type when it is of the same shape and no model is cooling
    /// down (then it is still exactly what a walk would give), else a walk's, kept when nothing was cooling down.
    /// </summary>
    private EligibleOrder Order(TaskType type, RoutingLayer layer, RegistryIndex index, RoutingEntry? learned, string? head,
        IReadOnlyList<string>? fallbacks, string? criticKey, bool usesTools, int? minContext, out bool kept)
    {
        // One look at the cooldowns for the whole decision, rather than one per model in each walk.
        var noneCooling = cooldowns.NoneActive();
        var slot = (2 * (int)type) + (usesTools ? 1 : 0);
        var keep = layer != RoutingLayer.Admin && noneCooling && (uint)slot < (uint)_orders.Length;
        kept = keep;
        if (keep && Volatile.Read(ref _orders[slot]) is { } same && same.IsFor(index, learned, usesTools, minContext))
        {
            return same;
        }

        var scratch = Interlocked.Exchange(ref _spare, null) ?? new DecisionScratch();
        try
        {
            var order = Walk(scratch, index, learned, head, fallbacks, criticKey, usesTools, minContext, allowUnknown: layer == RoutingLayer.Admin,
                checkCooldowns: !noneCooling);
            if (keep)
            {
                Volatile.Write(ref _orders[slot], order);
            }

            return order;
        }
        finally
        {
            scratch.Clear();
            Volatile.Write(ref _spare, scratch);
        }
    }

    private EligibleOrder Walk(DecisionScratch scratch, RegistryIndex index, RoutingEntry? learned, string? head, IReadOnlyList<string>? fallbacks,
        string? criticKey, bool usesTools, int? minContext, bool allowUnknown, bool checkCooldowns)
    {
        // The primary order: the layer's models (an override, or the learned primary and fallbacks), then the routable ones.
        var defaults = index.Defaults(usesTools);
        var slots = index.DefaultSlots(usesTools);
        Walk(scratch, index, null, head, fallbacks, defaults, slots, usesTools, minContext, allowUnknown, checkCooldowns, scratch.Skipped);
        var primary = scratch.Eligible.ToArray();
        var skipped = scratch.Skipped.ToArray();

        // Exploration draws among the routable models that are eligible, in the registry's order.
        for (var i = 0; i < slots.Length; i++)
        {
            if (scratch.WasEligible(slots[i]))
            {
                scratch.PoolKeys.Add(defaults[i].Key);
                scratch.PoolSlots.Add(slots[i]);
            }
        }

        // The critic order: the layer's critic first, then the same order; tools are not needed to judge an answer.
        Walk(scratch, index, criticKey, head, fallbacks, defaults, slots, usesTools: false, minContext, allowUnknown, checkCooldowns, skipped: null);
        var critics = scratch.Eligible.ToArray();
        return new EligibleOrder(index, learned, usesTools, minContext, primary, skipped, [.. scratch.PoolKeys], [.. scratch.PoolSlots], critics);
    }

    /// <summary>
    /// One walk of an order (<paramref name="first"/>, <paramref name="second"/>, <paramref name="rest"/>, then the
    /// routable models <paramref name="tail"/>), each model once by its resolved key, into the scratch's eligible list;
    /// why each other one was skipped into <paramref name="skipped"/> when given.
    /// </summary>
    private void Walk(DecisionScratch scratch, RegistryIndex index, string? first, string? second, IReadOnlyList<string>? rest,
        IReadOnlyList<RegisteredModel> tail, int[] tailSlots, bool usesTools, int? minContext, bool allowUnknown, bool checkCooldowns,
        List<string>? skipped)
    {
        scratch.BeginWalk(index.Count);
        if (first is not null)
        {
            VisitNamed(scratch, index, first, usesTools, minContext, allowUnknown, checkCooldowns, skipped);
        }

        if (second is not null)
        {
            VisitNamed(scratch, index, second, usesTools, minContext, allowUnknown, checkCooldowns, skipped);
        }

        for (var i = 0; rest is not null && i < rest.Count; i++)
        {
            VisitNamed(scratch, index, rest[i], usesTools, minContext, allowUnknown, checkCooldowns, skipped);
        }

        for (var i = 0; i < tail.Count; i++)
        {
            if (scratch.FirstVisit(tailSlots[i]))
            {
                Visit(scratch, index, tail[i], tailSlots[i], usesTools, minContext, checkCooldowns, skipped);
            }
        }
    }

    /// <summary>A model named by key or provider id (an override, the learned routing): once per resolved key, or per name when unknown.</summary>
    private void VisitNamed(DecisionScratch scratch, RegistryIndex index, string key, bool usesTools, int? minContext, bool allowUnknown,
        bool checkCooldowns, List<string>? skipped)
    {
        var model = index.Registry.Resolve(key);
        var seenAs = model?.Key ?? key;
        // List<string>.Contains compares ordinally, and without LINQ's enumerator.
        if (scratch.HeadKeys.Contains(seenAs))
        {
            return;
        }

        scratch.HeadKeys.Add(seenAs);
        if (model is null)
        {
            if (allowUnknown)
            {
                scratch.Eligible.Add(new ModelCandidate(key, key));
            }
            else
            {
                skipped?.Add($"{key}: not in the catalog");
            }

            return;
        }

        var slot = index.SlotOf(model);
        if (scratch.FirstVisit(slot))
        {
            Visit(scratch, index, model, slot, usesTools, minContext, checkCooldowns, skipped);
        }
    }

    private void Visit(DecisionScratch scratch, RegistryIndex index, RegisteredModel model, int slot, bool usesTools, int? minContext,
        bool checkCooldowns, List<string>? skipped)
    {
        if (!model.IsRoutable)
        {
            skipped?.Add($"{model.Key}: missing from the catalog or no longer free");
        }
        else if (usesTools && !model.SupportsTools)
        {
            skipped?.Add($"{model.Key}: no tool support");
        }
        else if (!model.Fits(minContext))
        {
            skipped?.Add($"{model.Key}: its context of {model.ContextLength} tokens is under the {minContext} this task needs");
        }
        else if (checkCooldowns && cooldowns.Check(model.Key, usesTools) is { } cooling)
        {
            skipped?.Add($"{model.Key}: cooling down after {cooling.Reason} until {cooling.Until:HH:mm:ss}");
        }
        else
        {
            scratch.MarkEligible(slot);
            scratch.Eligible.Add(index.Candidate(slot));
        }
    }

    private RegistryIndex IndexOf(ProviderRegistry registry)
    {
        var index = Volatile.Read(ref _index);
        if (index is null || !ReferenceEquals(index.Registry, registry))
        {
            index = new RegistryIndex(registry);
            Volatile.Write(ref _index, index);
        }

        return index;
    }

    private static Func<string> AdminReason(string prefix) => () => $"{prefix}_MODEL is set";

    private static Func<string> LearnedReason(RoutingEntry learned) =>
        () => $"learned: best of the proven models ({learned.SampleSize} outcomes, confidence {learned.Confidence:0.00})";

    /// <summary>
    /// Each eligible model's share of the next task of the type, from a fixed-seed Monte Carlo of the decision, with
    /// its posterior and whether exploring it could pay for itself; for <c>routing explain</c>.
    /// </summary>
    public IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> Chances(TaskType type, string incumbentKey, ProviderRegistry registry,
        OutcomeStats outcomes, bool usesTools, Func<string, double?> prior) =>
        _trials.Chances(type, incumbentKey, registry, outcomes, usesTools, prior);
}
