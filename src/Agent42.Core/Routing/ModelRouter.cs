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
/// next eligible one, and the decision says so. Outside an admin override, an unproven model may take the task on
/// trial (Thompson sampling under the <c>MODEL_TRIAL_PERCENTAGE</c> budget).
/// </summary>
internal sealed class ModelRouter(IConfiguration configuration, RoutingFileStore store, ModelCooldowns cooldowns, RoutingOptions options)
{
    // How far below the incumbent an unproven model's posterior may sit, in standard deviations of the difference, and
    // still be tried: about a 2% chance of being better for an untried model, 0.1% for one part-way through its trial
    // (whose few outcomes may yet be unlucky). A model nobody knows anything about (0.5, worth 5 runs) is still tried
    // against an incumbent of up to about 0.91. In the simulation this cut the tasks spent on hopeless trials by a
    // tenth and the mean regret ratio from 0.45 to 0.42 over 16 seeds (0.37 to 0.35 over 16 others).
    private const double UntriedZ = 2.0;
    private const double UnderWayZ = 3.0;

    /// <param name="minContext">Tokens the task needs from the context window (the runner estimates it from the prompt and tools); null when unknown.</param>
    /// <param name="allowTrial">False to leave trials out: what a task gets when no trial takes it, as the routing commands show.</param>
    public RoutingDecision Route(TaskType type, ProviderRegistry registry, OutcomeStats outcomes, Random random, bool usesTools = true,
        Func<string, double?>? prior = null, int? minContext = null, bool allowTrial = true)
    {
        var wire = TaskTypeNames.WireName(type);
        var variable = "AGENT42_" + wire.ToUpperInvariant();
        var skipped = new List<string>();
        var defaults = registry.Routable(requireTools: usesTools, minContext: null).Select(m => m.Key).ToList();

        RoutingLayer layer;
        Func<string> reason;
        List<string> order;
        string? criticKey = null;
        var maxIterations = TaskTypeDefaults.MaxIterations(type);
        if (configuration[variable + "_MODEL"] is { Length: > 0 } admin)
        {
            layer = RoutingLayer.Admin;
            reason = () => $"{variable}_MODEL is set";
            order = [admin, .. defaults.Where(k => k != admin)];
            criticKey = configuration[variable + "_CRITIC"] is { Length: > 0 } c ? c : null;
            if (int.TryParse(configuration[variable + "_MAX_ITER"], out var max) && max > 0)
            {
                maxIterations = max;
            }
        }
        else if (store.Current()?.Routing.GetValueOrDefault(wire) is { } learned)
        {
            layer = RoutingLayer.Dynamic;
            reason = () => $"learned: best of the proven models ({learned.SampleSize} outcomes, confidence {learned.Confidence:0.00})";
            order = [learned.Primary, .. learned.Fallbacks ?? [], .. defaults];
            criticKey = learned.Critic;
            maxIterations = learned.MaxIterations > 0 ? learned.MaxIterations : maxIterations;
        }
        else
        {
            layer = RoutingLayer.Default;
            reason = () => "built-in default: free, supports tools, largest context first";
            order = defaults;
        }

        var primary = Eligible(order.Distinct(StringComparer.Ordinal), registry, usesTools, minContext, allowUnknown: layer == RoutingLayer.Admin, skipped);
        if (primary.Count == 0)
        {
            throw new RoutingException($"no eligible model for {wire}: {(skipped.Count == 0 ? "the catalog has none with tool support; run 'agent42 models sync'" : string.Join("; ", skipped))}");
        }

        var isTrial = false;
        if (allowTrial && layer != RoutingLayer.Admin && TrialCandidate(type, primary[0], registry, outcomes, random, usesTools, minContext, prior ?? (_ => null)) is { } trial)
        {
            primary = [trial.Candidate, .. primary.Where(c => c.Key != trial.Candidate.Key)];
            (layer, reason, isTrial) = (RoutingLayer.Trial, trial.Reason, true);
        }

        var criticOrder = criticKey is null ? order : [criticKey, .. order];
        var critics = Eligible(criticOrder.Where(k => k != primary[0].Key).Distinct(StringComparer.Ordinal), registry, usesTools: false,
            minContext, allowUnknown: layer == RoutingLayer.Admin, []);
        if (critics.Count == 0)
        {
            critics = [primary[0]];
        }

        return new RoutingDecision(type, layer, reason, primary, critics, maxIterations, isTrial, skipped);
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

    private List<ModelCandidate> Eligible(IEnumerable<string> keys, ProviderRegistry registry, bool usesTools, int? minContext, bool allowUnknown,
        List<string> skipped)
    {
        var eligible = new List<ModelCandidate>();
        foreach (var key in keys)
        {
            var model = registry.Resolve(key);
            if (model is null)
            {
                if (allowUnknown)
                {
                    eligible.Add(new ModelCandidate(key, key));
                }
                else
                {
                    skipped.Add($"{key}: not in the catalog");
                }

                continue;
            }

            if (!model.IsRoutable)
            {
                skipped.Add($"{model.Key}: missing from the catalog or no longer free");
            }
            else if (usesTools && !model.SupportsTools)
            {
                skipped.Add($"{model.Key}: no tool support");
            }
            else if (!model.Fits(minContext))
            {
                skipped.Add($"{model.Key}: its context of {model.ContextLength} tokens is under the {minContext} this task needs");
            }
            else if (cooldowns.Check(model.Key, usesTools) is { } cooling)
            {
                skipped.Add($"{model.Key}: cooling down after {cooling.Reason} until {cooling.Until:HH:mm:ss}");
            }
            else
            {
                eligible.Add(new ModelCandidate(model.Key, model.ProviderModelId));
            }
        }

        return eligible;
    }

    /// <summary>
    /// Thompson sampling among the unproven eligible models, within the trial budget: a draw from each one's posterior
    /// (research prior, else its record on the other task types, plus its few outcomes here) against a draw from the
    /// incumbent's. A promising model wins draws often and is proven quickly; a poor one rarely wins and stops taking
    /// traffic. A model already part-way through its trial goes first while its draw clears the floor.
    /// </summary>
    private (ModelCandidate Candidate, Func<string> Reason)? TrialCandidate(TaskType type, ModelCandidate incumbent, ProviderRegistry registry,
        OutcomeStats outcomes, Random random, bool usesTools, int? minContext, Func<string, double?> prior)
    {
        var (runs, trials) = outcomes.Totals(type);
        if (!TrialBudgetOpen(options, runs, trials))
        {
            return null;
        }

        var sampler = new BetaSampler(random);
        var incumbentRank = outcomes.Rank(type, incumbent.Key, prior(incumbent.Key), options.PriorWeight);
        var bar = sampler.Sample(incumbentRank.Alpha, incumbentRank.Beta);
        // A draw below the floor (the incumbent's draw, or its mean less two standard deviations if that is lower)
        // takes no budget: a model whose posterior is clearly below the incumbent's stops being tried.
        var floor = Math.Min(bar, incumbentRank.PosteriorMean - (2 * incumbentRank.PosteriorStdDev));
        (ModelCandidate Candidate, ModelRank Rank)? fresh = null, started = null;
        double freshDraw = floor, startedDraw = floor;
        foreach (var (model, rank) in Contenders(type, incumbentRank, registry, outcomes, usesTools, minContext, prior))
        {
            var draw = sampler.Sample(rank.Alpha, rank.Beta);
            if (rank.Samples > 0 && draw > startedDraw)
            {
                (started, startedDraw) = ((new ModelCandidate(model.Key, model.ProviderModelId), rank), draw);
            }
            else if (rank.Samples == 0 && draw > freshDraw)
            {
                (fresh, freshDraw) = ((new ModelCandidate(model.Key, model.ProviderModelId), rank), draw);
            }
        }

        // Finish what was started: a model part-way through its trial keeps the budget while its draws clear the
        // floor, so the budget proves a few promising models instead of leaving many half-proven.
        if ((started ?? fresh) is not { } chosen)
        {
            return null;
        }

        var wire = TaskTypeNames.WireName(type);
        return (chosen.Candidate, () => $"trial: {chosen.Candidate.Key} has {chosen.Rank.Samples} of {options.MinTrials} outcomes on {wire}"
            + $" (posterior {chosen.Rank.PosteriorMean:0.00} +/- {chosen.Rank.PosteriorStdDev:0.00}, {(chosen.Rank.Prior.Source == RankPrior.None ? "no prior" : "prior from " + chosen.Rank.Prior.Source)});"
            + $" {(started is null ? "best draw among untried models" : "finishing its trial")} against {incumbent.Key}"
            + $" ({incumbentRank.PosteriorMean:0.00} +/- {incumbentRank.PosteriorStdDev:0.00}); trial budget {trials} of {runs} {wire} tasks so far,"
            + $" at most {options.TrialPercentage:0.#}%");
    }

    /// <summary>
    /// The models a trial could go to now instead of <paramref name="incumbentKey"/>: eligible, unproven on the type,
    /// and with a real chance of beating it; for <c>routing explain</c>.
    /// </summary>
    public IReadOnlyList<ModelRank> TrialContenders(TaskType type, string incumbentKey, ProviderRegistry registry, OutcomeStats outcomes,
        bool usesTools, Func<string, double?> prior)
    {
        var incumbentRank = outcomes.Rank(type, incumbentKey, prior(incumbentKey), options.PriorWeight);
        return Contenders(type, incumbentRank, registry, outcomes, usesTools, minContext: null, prior)
            .Select(c => c.Rank)
            .OrderByDescending(r => r.Samples > 0)
            .ThenByDescending(r => r.PosteriorMean)
            .ToList();
    }

    private IEnumerable<(RegisteredModel Model, ModelRank Rank)> Contenders(TaskType type, ModelRank incumbent, ProviderRegistry registry,
        OutcomeStats outcomes, bool usesTools, int? minContext, Func<string, double?> prior)
    {
        foreach (var model in registry.Routable(requireTools: usesTools, minContext))
        {
            if (model.Key == incumbent.ModelKey)
            {
                continue;
            }

            var rank = outcomes.Rank(type, model.Key, prior(model.Key), options.PriorWeight);
            if (rank.Samples < options.MinTrials && HasAChance(rank, incumbent) && cooldowns.Check(model.Key, usesTools) is null)
            {
                yield return (model, rank);
            }
        }
    }

    /// <summary>Whether one more trial keeps the type's trials within <c>MODEL_TRIAL_PERCENTAGE</c> of its tasks, this one included.</summary>
    public static bool TrialBudgetOpen(RoutingOptions options, int runs, int trials) =>
        options.TrialPercentage > 0 && trials + 1 <= options.TrialPercentage / 100 * (runs + 1);

    /// <summary>
    /// Whether an unproven model has a real chance of beating the incumbent: the difference of the two posteriors,
    /// taken as normal, is above zero with the probability the z-limits above allow.
    /// </summary>
    private static bool HasAChance(ModelRank candidate, ModelRank incumbent)
    {
        var spread = Math.Sqrt((candidate.PosteriorStdDev * candidate.PosteriorStdDev) + (incumbent.PosteriorStdDev * incumbent.PosteriorStdDev));
        return candidate.PosteriorMean + ((candidate.Samples == 0 ? UntriedZ : UnderWayZ) * spread) >= incumbent.PosteriorMean;
    }
}
