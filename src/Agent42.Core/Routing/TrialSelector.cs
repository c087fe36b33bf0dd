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
/// the best one's spends that shortfall, and once a type has spent its share the task goes to the incumbent. A draw is
/// also kept only if exploring its model can pay for itself (see <see cref="ExplorationValue"/>): runs that, at the
/// reward's noise, could not move the decision enough over the tasks the type's record remembers go to the best mean
/// instead. As the record forgets, an untouched model's posterior widens and its draws pay again. A reserve
/// outside that cap gives a promising model that has no outcomes on any other type (a newcomer from a catalog sync) its
/// first outcomes on an established type at once, and a draw won by such a model with fewer than
/// <see cref="ReservePulls"/> outcomes on the type is kept whatever the budget (if it pays): the cap rations the
/// exploring of what is known, not the first look at what is not. A model with a record on other types is known:
/// that record is its prior here, and its draws are rationed and gated like any other's. A prior from other types is held in
/// doubt (see <see cref="PriorDoubt"/>): its draws sometimes come from the model's own runs alone, so a record
/// elsewhere cannot hide a specialist for good. Under all this, probes (see <see cref="ProbeShare"/>) keep looking now
/// and then at a model every type has left, in case it changed.
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
    /// The first outcomes on a type a promising model with no outcomes on any other type gets from the reserve, whatever
    /// the budget; only once some model has this many on the type. Before that every model is new to it, and a reserve
    /// that fired for each of them (every unknown model is promising) spent most of a rare type's tasks on reserve
    /// pulls: the draws share them out better. A model known on other types is not forced either: its prior from them
    /// informs its draws, and forcing every promising model onto every type it had not run cost 2.4% more regret over
    /// issue 13's simulated worlds (5% among type specialists), while a model known nowhere, whose flat prior rarely
    /// out-draws a proven incumbent, still is: without the reserve it waited four tasks on average instead of none.
    /// Below this many outcomes the winning draw of a model known nowhere else is also kept whatever the budget, if
    /// exploring it pays. Keeping every such draw, a model known elsewhere included, spent a fifth of the regret in
    /// issue 13's simulated worlds on first looks that its record on related types already answered (two fifths of it
    /// with the real free-id churn, where dozens of models pass through every type); its prior, held in doubt, judges it instead.
    /// </summary>
    public const int ReservePulls = 8;

    // Pruning, so a decision over hundreds of models draws from only the few that can win: a model whose mean plus
    // four standard deviations is below the best mean less three would win well under one draw in a thousand.
    // A model known nowhere else is promising while its posterior (at first its prior: research, other types, or 0.5
    // worth k) puts the best mean within 2.5 of its standard deviations before its first run (a model nobody knows
    // anything about, 0.5 +/- 0.2, always is) and within 2 after: a poor newcomer stops after two or three runs, a
    // good one takes all its reserve runs and is then the best mean.
    private static readonly PruneRule Rule = new(UpperZ: 4, LowerZ: 3, PromisingZ: 2.5, StillPromisingZ: 2);

    /// <summary>
    /// Probes, the floor under exploring: the Thompson draws and the gate (see <see cref="ExplorationValue"/>) stop
    /// looking at a model whose record is sure it trails, and a record sure of that takes a thousand of its type's
    /// tasks to fade; but a provider can swap in a better build at any time. So about one task in
    /// <see cref="ProbeEvery"/> (this share of <c>MODEL_TRIAL_PERCENTAGE</c>: one in 50 at the default 10%) goes to the
    /// eligible model with the highest probe priority, once that reaches <see cref="OutcomeStats.ProbeLeft"/> (a model
    /// left on every type for so many outcomes of the log; sooner after a look that beat its record, see
    /// <see cref="ModelShift"/>), neither the incumbent nor the best mean, and not hopeless on this type (its mean plus one
    /// standard deviation within <see cref="ProbeMaxGap"/> of the best mean). Its looks, pooled over types, feed the
    /// model's change test, which cuts back its records when they show a change. In issue 13's simulated sudden-improver world (with
    /// probes taken for sure when due), half the rate (0.1) took nearly twice as long to adopt the improved model (86
    /// tasks of its type against 46), and cost more among near-equal models and type specialists than it saved with
    /// the real free-id churn.
    /// </summary>
    public const double ProbeShare = 0.2;

    /// <summary>
    /// How far below the best mean (by its mean plus one standard deviation) a probed model may be on the task's type.
    /// A probe costs that gap: 0.3 spent more on models that could not win, and the improved model was adopted after 74
    /// tasks of its type instead of 46 (with probes taken for sure when due).
    /// </summary>
    public const double ProbeMaxGap = 0.2;

    /// <summary>
    /// While the log says a probe is due, each decision probes with a chance of one in this many: of the tasks routed
    /// before its outcome is logged, about one in ten are probes, and in a steady stream the probe comes ten tasks late.
    /// Taking the next task for sure would make every task in flight a probe. In issue 13's sudden-improver world a
    /// chance of one in four adopted the improved model after 61 tasks of its type instead of 75 (and after 46 taking
    /// it for sure), at a quarter of the tasks in flight.
    /// </summary>
    public const int ProbeChance = 10;

    /// <summary>A probe is due once this many outcomes of the log have followed the last (a run of a model due one).</summary>
    public static int ProbeEvery(RoutingOptions options) => (int)Math.Ceiling(100 / (options.TrialPercentage * ProbeShare));

    /// <summary>Fixed, so <c>routing explain</c> shows the same figures for the same log.</summary>
    private const int ExplainSeed = 42;

    /// <summary>The draws behind each candidate's chance in <c>routing explain</c>.</summary>
    public const int ExplainDraws = 2000;

    // Per task type and tool need, the last decision's pool, lent out to one decision at a time (a concurrent one of
    // the same type works its own out): it is refilled only when its inputs changed (see ExplorationPool).
    private readonly ExplorationPool?[] _pools = new ExplorationPool?[2 * Enum.GetValues<TaskType>().Length];

    /// <summary>The model exploration sends the task to instead of <paramref name="incumbent"/>, and why; null to keep the incumbent.</summary>
    /// <param name="order">The decision's eligible models: exploration draws among its pool.</param>
    public (ModelCandidate Candidate, int PoolIndex, Func<string> Reason)? Candidate(TaskType type, ModelCandidate incumbent, EligibleOrder order,
        OutcomeStats outcomes, Random random, Func<string, double?> prior)
    {
        if (options.TrialPercentage <= 0)
        {
            return null;
        }

        var slot = (2 * (int)type) + (order.UsesTools ? 1 : 0);
        var kept = (uint)slot < (uint)_pools.Length;
        var pool = (kept ? Interlocked.Exchange(ref _pools[slot], null) : null) ?? new ExplorationPool();
        try
        {
            if (!pool.IsFor(outcomes, order.PoolKeys, order.Incumbent, prior, options.PriorWeight))
            {
                pool.Fill(type, order.PoolKeys, order.Incumbent, outcomes, prior, options, Rule);
            }

            if (pool.Runs == 0)
            {
                // Nothing is known about the type yet: the layers' choice is as good a first guess as any draw.
                return null;
            }

            // A chance per decision while the log says a probe is due, not the next task for sure: every task routed
            // before the probe's outcome is logged (tasks in flight, a burst, other processes) would be a probe too. The
            // same log and seed give the same decisions in any process.
            if (pool.Probe >= 0 && random.NextDouble() * ProbeChance < 1)
            {
                var probed = order.Index.Candidate(order.PoolSlots[pool.Probe]);
                return (probed, pool.Probe, ProbeReason(type, probed.Key, pool.Posteriors[pool.Probe], incumbent.Key));
            }

            var pick = Pick(pool, new BetaSampler(random));
            if (pick.Index == pool.Incumbent || pick.Index < 0)
            {
                return null;
            }

            var candidate = order.Index.Candidate(order.PoolSlots[pick.Index]);
            var chosen = pool.Posteriors[pick.Index];
            var inc = pool.Incumbent >= 0 ? pool.Posteriors[pool.Incumbent] : default;
            return (candidate, pick.Index, Reason(type, candidate.Key, chosen, pick, incumbent.Key, inc, pool));
        }
        finally
        {
            if (kept)
            {
                Volatile.Write(ref _pools[slot], pool);
            }
        }
    }

    private static Func<string> ProbeReason(TaskType type, string key, Posterior probed, string incumbentKey)
    {
        var (samples, mean, spread, priority) = (probed.Samples, probed.Mean, probed.StdDev, probed.ProbePriority);
        return () => FormattableString.Invariant(
            $"probe: {key} ({samples} outcomes on {TaskTypeNames.WireName(type)}; posterior {mean:0.00} +/- {spread:0.00}) has been left on every type,")
            + FormattableString.Invariant($" or its last looks beat its record (priority {priority:#,0} outcomes, {OutcomeStats.ProbeLeft:#,0} due): one look at it instead of {incumbentKey}, in case it has changed");
    }

    /// <summary>Why a trial took the task; formatted only when read (a separate method, so no closure is made for a decision without one).</summary>
    private Func<string> Reason(TaskType type, string key, Posterior chosen, (int Index, double Draw, bool Reserve, int Sampled) pick,
        string incumbentKey, Posterior inc, ExplorationPool pool)
    {
        // Only the figures the text prints are captured, so a trial's closure stays small (a decision allocates it).
        var (sampled, spent, allowance, runs, percentage) = (pick.Sampled, pool.Spent, pool.Allowance, pool.Runs, options.TrialPercentage);
        var (samples, mean, spread, source, perRun) = (chosen.Samples, chosen.Mean, chosen.StdDev, chosen.Prior.Source, chosen.TrialsPerRun);
        var (incMean, incSpread, draw, reserve) = (inc.Mean, inc.StdDev, pick.Draw, pick.Reserve);
        return () =>
        {
            var wire = TaskTypeNames.WireName(type);
            return $"trial: {key} ({samples} outcomes on {wire}{(perRun > 1.005 ? FormattableString.Invariant($", each worth {perRun:0.0} trials") : string.Empty)};"
                + $" posterior {mean:0.00} +/- {spread:0.00}, {(source == RankPrior.None ? "no prior" : "prior from " + source)})"
                + (reserve
                    ? $" is known nowhere else and promising: one of its first {ReservePulls} outcomes on {wire}, from the reserve outside the budget"
                    : $" drew {draw:0.00}, the best draw of {sampled} models that could win")
                + $"; against {incumbentKey} ({incMean:0.00} +/- {incSpread:0.00});"
                + $" exploration spent {spent:0.00} of {allowance:0.00} on {wire} ({percentage:0.#}% of {runs + 1} tasks at a {ShortfallPerTrial} shortfall each)";
        };
    }

    /// <summary>
    /// For <c>routing explain</c>: each eligible model's share of the next task, estimated from
    /// <see cref="ExplainDraws"/> decisions with a fixed seed, with its posterior and whether exploring it could pay for
    /// itself now, and whether a probe would look at it (see <see cref="ProbeShare"/>; the shares are the draws', without
    /// the probe's chance); those with a share first.
    /// </summary>
    public IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> Chances(TaskType type, string incumbentKey, ProviderRegistry registry,
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

        var pool = new ExplorationPool();
        pool.Fill(type, keys, incumbent, outcomes, prior, options, Rule);
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

        var probe = pool.Runs == 0 ? -1 : pool.Probe;
        return keys.Select((key, i) => (key, pool.Posteriors[i], Share: (double)(wins[i] + (i == pool.Incumbent ? toIncumbent : 0)) / ExplainDraws, pool.Pays(i), i == probe))
            .OrderByDescending(c => c.Share)
            .ThenByDescending(c => c.Item2.Mean)
            .ThenBy(c => c.key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the type's exploration has spent less than <c>MODEL_TRIAL_PERCENTAGE</c> allows.</summary>
    public static bool BudgetOpen(RoutingOptions options, int runs, double spent) => options.TrialPercentage > 0 && spent < Allowance(options, runs);

    /// <summary>The shortfall exploration may have spent on a type by its next task.</summary>
    public static double Allowance(RoutingOptions options, int runs) => options.TrialPercentage / 100 * (runs + 1) * ShortfallPerTrial;

    /// <summary>One decision: the reserve first, else the best draw, kept if the budget can pay its shortfall; -1 for the incumbent.</summary>
    private static (int Index, double Draw, bool Reserve, int Sampled) Pick(ExplorationPool pool, BetaSampler sampler)
    {
        // The draws only: what does not depend on them the pool worked out when it was filled.
        var posteriors = pool.Posteriors;
        int reserve = -1, winner = -1;
        double reserveDraw = double.MinValue, winnerDraw = double.MinValue;
        var sampled = pool.Contenders;
        for (var k = 0; k < sampled; k++)
        {
            var i = pool.Contender(k);
            var draw = sampler.Sample(posteriors[i]);
            if (draw > winnerDraw)
            {
                (winner, winnerDraw) = (i, draw);
            }

            if (pool.ReserveOk(k) && draw > reserveDraw)
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

        // A draw the budget cannot pay, or whose model's runs could not pay for themselves over the type's horizon, goes
        // to the best mean (exploiting what is known now, not the last rerank's pick). The first looks at a model known
        // nowhere else are not rationed by the budget; but every draw must pay, a model's record on related types
        // judging it where it has few runs of its own.
        var exploit = pool.Exploit;
        var keep = winner >= 0
            && ((posteriors[winner].Samples < ReservePulls && posteriors[winner].UnknownElsewhere)
                || pool.Spent + Math.Max(0, pool.Best - pool.Mean(winner)) <= pool.Allowance)
            && pool.Pays(winner);
        return keep ? (winner, winnerDraw, false, sampled)
            : exploit == pool.Incumbent || exploit < 0 ? (-1, winnerDraw, false, sampled) : (exploit, pool.Mean(exploit), false, sampled);
    }
}
