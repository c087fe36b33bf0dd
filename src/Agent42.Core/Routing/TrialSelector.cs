using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// The trial layer: Thompson sampling among the unproven eligible models, under the <c>MODEL_TRIAL_PERCENTAGE</c>
/// budget, against the incumbent the other layers chose.
/// </summary>
internal sealed class TrialSelector(ModelCooldowns cooldowns, RoutingOptions options)
{
    // How far below the incumbent an unproven model's posterior may sit, in standard deviations of the difference, and
    // still be tried: about a 2% chance of being better for an untried model, 0.1% for one part-way through its trial
    // (whose few outcomes may yet be unlucky). A model nobody knows anything about (0.5, worth 5 runs) is still tried
    // against an incumbent of up to about 0.91. In the simulation this cut the tasks spent on hopeless trials by a
    // tenth and the mean regret ratio from 0.45 to 0.42 over 16 seeds (0.37 to 0.35 over 16 others).
    private const double UntriedZ = 2.0;
    private const double UnderWayZ = 3.0;

    /// <summary>
    /// Thompson sampling among the unproven eligible models, within the trial budget: a draw from each one's posterior
    /// (research prior, else its record on the other task types, plus its few outcomes here) against a draw from the
    /// incumbent's. A promising model wins draws often and is proven quickly; a poor one rarely wins and stops taking
    /// traffic. A model already part-way through its trial goes first while its draw clears the floor.
    /// </summary>
    public (ModelCandidate Candidate, Func<string> Reason)? Candidate(TaskType type, ModelCandidate incumbent, ProviderRegistry registry,
        OutcomeStats outcomes, Random random, bool usesTools, int? minContext, Func<string, double?> prior)
    {
        var (runs, trials) = outcomes.Totals(type);
        if (!BudgetOpen(options, runs, trials))
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
        foreach (var (model, rank) in Eligible(type, incumbentRank, registry, outcomes, usesTools, minContext, prior))
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
    public IReadOnlyList<ModelRank> Contenders(TaskType type, string incumbentKey, ProviderRegistry registry, OutcomeStats outcomes,
        bool usesTools, Func<string, double?> prior)
    {
        var incumbentRank = outcomes.Rank(type, incumbentKey, prior(incumbentKey), options.PriorWeight);
        return Eligible(type, incumbentRank, registry, outcomes, usesTools, minContext: null, prior)
            .Select(c => c.Rank)
            .OrderByDescending(r => r.Samples > 0)
            .ThenByDescending(r => r.PosteriorMean)
            .ToList();
    }

    private IEnumerable<(RegisteredModel Model, ModelRank Rank)> Eligible(TaskType type, ModelRank incumbent, ProviderRegistry registry,
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
    public static bool BudgetOpen(RoutingOptions options, int runs, int trials) =>
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
