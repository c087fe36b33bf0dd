using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// Exploration, by Thompson sampling over every eligible model, the incumbent and proven models included: each
/// decision draws once from each model's posterior on the type and the best draw takes the task, so every model keeps
/// a chance in proportion to its chance of being best, and an unlucky early estimate is sampled again and corrected.
/// <c>MODEL_TRIAL_PERCENTAGE</c> caps what exploring may cost: a draw that picks a model whose posterior mean is below
/// the best one's spends that shortfall, and once a type has spent its share the task goes to the incumbent. A reserve
/// outside that cap gives a promising model new to an established type its first outcomes at once. A prior from
/// related types is held in doubt (see <see cref="PriorDoubt"/>): its draws sometimes come from the model's own runs
/// alone, so a record elsewhere cannot hide a specialist for good.
/// </summary>
internal sealed class TrialSelector(ModelCooldowns cooldowns, RoutingOptions options)
{
    /// <summary>
    /// A trial percentage point is read as trials at this shortfall each: at the default 10%, exploring may cost a
    /// type 0.1 of composite per task on average. A tighter cap (0.01 per task) made the router no better than the
    /// plan's design in issue 13's simulation, two to four times the regret of uncapped Thompson sampling: the cap
    /// is a guard against runaway exploration, not the regulator; the posteriors are.
    /// </summary>
    public const double ShortfallPerTrial = 1;

    /// <summary>
    /// The first outcomes on a type a promising model gets from the reserve, whatever the budget; only once some model
    /// has this many on the type. Before that every model is new to it, and a reserve that fired for each of them (every
    /// unknown model is promising) spent most of a rare type's tasks on reserve pulls: the draws share them out better.
    /// </summary>
    public const int ReservePulls = 8;

    // Pruning, so a decision over hundreds of models draws from only the few that can win: a model whose mean plus
    // four standard deviations is below the best mean less three would win well under one draw in a thousand.
    private const double UpperZ = 4;
    private const double LowerZ = 3;

    // A model new to the type is promising while its posterior (at first its prior: research, related types, or 0.5
    // worth k) puts the best mean within 2.5 of its standard deviations before its first run (a model nobody knows
    // anything about, 0.5 +/- 0.2, always is) and within 2 after: a poor newcomer stops after two or three runs, a
    // good one takes all its reserve runs and is then the best mean.
    private const double PromisingZ = 2.5;
    private const double StillPromisingZ = 2;

    /// <summary>Fixed, so <c>routing explain</c> shows the same figures for the same log.</summary>
    private const int ExplainSeed = 42;

    /// <summary>The draws behind each candidate's chance in <c>routing explain</c>.</summary>
    public const int ExplainDraws = 2000;

    private Posterior[]? _spare;

    /// <summary>The model exploration sends the task to instead of <paramref name="incumbent"/>, and why; null to keep the incumbent.</summary>
    /// <param name="order">The decision's eligible models: exploration draws among its pool.</param>
    public (ModelCandidate Candidate, Func<string> Reason)? Candidate(TaskType type, ModelCandidate incumbent, EligibleOrder order,
        OutcomeStats outcomes, Random random, Func<string, double?> prior)
    {
        if (options.TrialPercentage <= 0)
        {
            return null;
        }

        // The posteriors' buffer is lent out to one decision at a time; a concurrent one gets its own.
        var buffer = Interlocked.Exchange(ref _spare, null);
        try
        {
            var pool = Pool(type, order.PoolKeys, order.Incumbent, outcomes, prior, ref buffer);
            if (pool.Runs == 0)
            {
                // Nothing is known about the type yet: the layers' choice is as good a first guess as any draw.
                return null;
            }

            var pick = Pick(pool, new BetaSampler(random));
            if (pick.Index == pool.Incumbent || pick.Index < 0)
            {
                return null;
            }

            var candidate = order.Index.Candidate(order.PoolSlots[pick.Index]);
            var chosen = pool.Posteriors[pick.Index];
            var inc = pool.Incumbent >= 0 ? pool.Posteriors[pool.Incumbent] : default;
            return (candidate, Reason(type, candidate.Key, chosen, pick, incumbent.Key, inc, pool));
        }
        finally
        {
            Volatile.Write(ref _spare, buffer);
        }
    }

    /// <summary>Why a trial took the task; formatted only when read (a separate method, so no closure is made for a decision without one).</summary>
    private Func<string> Reason(TaskType type, string key, Posterior chosen, (int Index, double Draw, bool Reserve, int Sampled) pick,
        string incumbentKey, Posterior inc, ExplorationPool pool)
    {
        var (sampled, spent, allowance, runs) = (pick.Sampled, pool.Spent, pool.Allowance, pool.Runs);
        return () =>
        {
            var wire = TaskTypeNames.WireName(type);
            return $"trial: {key} ({chosen.Samples} outcomes on {wire}; posterior {chosen.Mean:0.00} +/- {chosen.StdDev:0.00},"
                + $" {(chosen.Prior.Source == RankPrior.None ? "no prior" : "prior from " + chosen.Prior.Source)})"
                + (pick.Reserve
                    ? $" is new to {wire} and promising: one of its first {ReservePulls} outcomes, from the reserve outside the budget"
                    : $" drew {pick.Draw:0.00}, the best draw of {sampled} models that could win")
                + $"; against {incumbentKey} ({inc.Mean:0.00} +/- {inc.StdDev:0.00});"
                + $" exploration spent {spent:0.00} of {allowance:0.00} on {wire} ({options.TrialPercentage:0.#}% of {runs + 1} tasks at a {ShortfallPerTrial} shortfall each)";
        };
    }

    /// <summary>
    /// For <c>routing explain</c>: each eligible model's share of the next task, estimated from
    /// <see cref="ExplainDraws"/> decisions with a fixed seed, with its posterior; those with a share first.
    /// </summary>
    public IReadOnlyList<(string Key, Posterior Posterior, double Share)> Chances(TaskType type, string incumbentKey, ProviderRegistry registry,
        OutcomeStats outcomes, bool usesTools, Func<string, double?> prior)
    {
        var keys = new List<string>();
        var incumbent = -1;
        foreach (var model in registry.Routable(requireTools: usesTools, minContext: null))
        {
            if (cooldowns.Check(model.Key, usesTools) is null)
            {
                incumbent = model.Key == incumbentKey ? keys.Count : incumbent;
                keys.Add(model.Key);
            }
        }

        Posterior[]? buffer = null;
        var pool = Pool(type, keys, incumbent, outcomes, prior, ref buffer);
        var wins = new int[keys.Count];
        var sampler = new BetaSampler(new Random(ExplainSeed));
        var toIncumbent = 0;
        for (var i = 0; i < ExplainDraws; i++)
        {
            var pick = options.TrialPercentage <= 0 || pool.Runs == 0 ? (Index: pool.Incumbent, Draw: 0.0, Reserve: false, Sampled: 0) : Pick(pool, sampler);
            if (pick.Index >= 0)
            {
                wins[pick.Index]++;
            }
            else
            {
                toIncumbent++;
            }
        }

        return keys.Select((key, i) => (key, pool.Posteriors[i], Share: (double)(wins[i] + (i == pool.Incumbent ? toIncumbent : 0)) / ExplainDraws))
            .OrderByDescending(c => c.Share)
            .ThenByDescending(c => c.Item2.Mean)
            .ThenBy(c => c.key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the type's exploration has spent less than <c>MODEL_TRIAL_PERCENTAGE</c> allows.</summary>
    public static bool BudgetOpen(RoutingOptions options, int runs, double spent) => options.TrialPercentage > 0 && spent < Allowance(options, runs);

    /// <summary>The shortfall exploration may have spent on a type by its next task.</summary>
    public static double Allowance(RoutingOptions options, int runs) => options.TrialPercentage / 100 * (runs + 1) * ShortfallPerTrial;

    /// <summary>The pool of <paramref name="keys"/>: their posteriors on the type, into <paramref name="buffer"/> (grown when short), and the type's budget.</summary>
    private ExplorationPool Pool(TaskType type, IReadOnlyList<string> keys, int incumbent, OutcomeStats outcomes, Func<string, double?> prior,
        ref Posterior[]? buffer)
    {
        if (buffer is null || buffer.Length < keys.Count)
        {
            buffer = new Posterior[Math.Max(keys.Count, 2 * (buffer?.Length ?? 0))];
        }

        outcomes.Posteriors(type, keys, prior, options.PriorWeight, buffer.AsSpan(0, keys.Count));
        var (runs, _, spent) = outcomes.Exploration(type);
        return new ExplorationPool(keys.Count, buffer, incumbent, runs, spent, Allowance(options, runs));
    }

    /// <summary>One decision: the reserve first, else the best draw, kept if the budget can pay its shortfall; -1 for the incumbent.</summary>
    private static (int Index, double Draw, bool Reserve, int Sampled) Pick(in ExplorationPool pool, BetaSampler sampler)
    {
        var posteriors = pool.Posteriors.AsSpan(0, pool.Count);
        var best = double.MinValue;
        var bestLower = double.MinValue;
        var exploit = -1;
        var established = false;
        foreach (var p in posteriors)
        {
            (best, bestLower) = (Math.Max(best, p.Mean), Math.Max(bestLower, p.Mean - (LowerZ * p.StdDev)));
            established |= p.Samples >= ReservePulls;
        }

        for (var i = 0; i < posteriors.Length && exploit < 0; i++)
        {
            exploit = posteriors[i].Mean == best ? i : -1;
        }

        int reserve = -1, winner = -1;
        double reserveDraw = double.MinValue, winnerDraw = double.MinValue;
        var sampled = 0;
        for (var i = 0; i < posteriors.Length; i++)
        {
            var p = posteriors[i];
            if (p.Mean + (UpperZ * p.StdDev) < bestLower)
            {
                continue;
            }

            sampled++;
            var draw = sampler.Sample(p);
            if (draw > winnerDraw)
            {
                (winner, winnerDraw) = (i, draw);
            }

            if (established && p.Samples < ReservePulls && i != pool.Incumbent && p.HeldMean + ((p.Samples == 0 ? PromisingZ : StillPromisingZ) * p.HeldStdDev) >= best
                && draw > reserveDraw)
            {
                (reserve, reserveDraw) = (i, draw);
            }
        }

        if (reserve >= 0)
        {
            return (reserve, reserveDraw, true, sampled);
        }

        if (winner == pool.Incumbent)
        {
            return (-1, winnerDraw, false, sampled);
        }

        // A draw the budget cannot pay goes to the best mean: exploiting what is known now, not the last rerank's pick.
        var shortfall = winner < 0 ? double.MaxValue : Math.Max(0, best - posteriors[winner].Mean);
        return pool.Spent + shortfall <= pool.Allowance ? (winner, winnerDraw, false, sampled)
            : exploit == pool.Incumbent || exploit < 0 ? (-1, winnerDraw, false, sampled) : (exploit, posteriors[exploit].Mean, false, sampled);
    }
}
