using Agent42.Sdk;
using static Agent42.Bench.Simulation.WorldFamilies;

namespace Agent42.Bench.Simulation;

/// <summary>
/// A held-out set of worlds, unlike the issue's five families, for catching a router tuned to those: selected with
/// <c>SIM_WORLDS=holdout</c> (or by name), never in the default run, so tuning does not see them. Each is built per seed
/// like the families, and each stresses one assumption a router could have learned from the tuning worlds: that a
/// model only gets worse, that a 429 is random, that the catalog only grows, that types group the way the code thinks
/// they do, that change is abrupt, that every type has traffic, that the critic is fair, that tokens have one mode, and
/// that a 429 means a limit that lasts.
/// </summary>
internal static class HoldoutWorlds
{
    public const string Selector = "holdout";

    public static readonly string[] All =
    [
        "holdout-sudden-improver", "holdout-diurnal-limits", "holdout-free-tier-removal", "holdout-two-groups-odd-type",
        "holdout-slow-drift", "holdout-sparse-types", "holdout-biased-critic", "holdout-bimodal-tokens", "holdout-one-off-429s",
    ];

    /// <summary>The world names with <see cref="Selector"/> replaced by every held-out world, and <see cref="VariantWorlds.Selector"/> by every variant.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> worlds) =>
        worlds.SelectMany(w => w == Selector ? All : w == VariantWorlds.Selector ? VariantWorlds.All : [w]);

    public static SimWorld Create(string family, int seed, int tasks) => family switch
    {
        "holdout-sudden-improver" => SuddenImprover(seed, tasks),
        "holdout-diurnal-limits" => DiurnalLimits(seed, tasks),
        "holdout-free-tier-removal" => FreeTierRemoval(seed, tasks),
        "holdout-two-groups-odd-type" => TwoGroupsOddType(seed, tasks),
        "holdout-slow-drift" => SlowDrift(seed, tasks),
        "holdout-sparse-types" => SparseTypes(seed, tasks),
        "holdout-biased-critic" => BiasedCritic(seed, tasks),
        "holdout-bimodal-tokens" => BimodalTokens(seed, tasks),
        "holdout-one-off-429s" => OneOff429s(seed, tasks),
        _ => throw new ArgumentException($"unknown held-out world '{family}'; known: {string.Join(", ", All)}", nameof(family)),
    };

    /// <summary>
    /// A mediocre model already known to every type (0.40-0.50) becomes the best by 0.15 or more (+0.40) at 35-60% of
    /// the run: the opposite of a degradation, with no catalog sync to announce it. Its adoption is reported as the
    /// late model's (the lag counts from the jump).
    /// </summary>
    private static SimWorld SuddenImprover(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 11));
        var (models, rates) = Generalists(random, Prefix, 10, 0.30, 0.68, 0.06);
        var improver = random.Next(models.Count);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[improver, t] = 0.40 + (0.10 * random.NextDouble());
        }

        var at = (int)(tasks * (0.35 + (0.25 * random.NextDouble())));
        return new SimWorld("holdout-sudden-improver", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        {
            RateAt = (model, _, task, rate) => model == improver && task >= at ? Math.Min(0.95, rate + 0.40) : rate,
            LateArrival = (improver, at),
        };
    }

    /// <summary>
    /// Rate limits on a clock, not at random: a simulated day is 1,440 tasks; the best model (0.85-0.90) answers 429
    /// for six hours every day at its provider's peak, the runner-up (0.75-0.80) for four hours at another time, with
    /// a little jitter from day to day. A router must not learn "the best is unreliable" from the 429s, nor keep
    /// hammering it during its peak.
    /// </summary>
    private static SimWorld DiurnalLimits(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 12));
        var (models, rates) = Generalists(random, Prefix, 10, 0.30, 0.65, 0.05);
        var (best, second) = (0, 1);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[best, t] = 0.85 + (0.05 * random.NextDouble());
            rates[second, t] = 0.75 + (0.05 * random.NextDouble());
        }

        const int Day = 1440;
        var (bestPeak, secondPeak) = (random.Next(Day), random.Next(Day));
        var bursts = NoBursts(models.Count);
        bursts[best] = Daily(random, tasks, Day, bestPeak, 360);
        bursts[second] = Daily(random, tasks, Day, secondPeak, 240);
        return new SimWorld("holdout-diurnal-limits", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), bursts);
    }

    /// <summary>
    /// The popular best model (0.84-0.90 everywhere) leaves the free tier at 30-45% of the run (a sync lists it as
    /// missing) and comes back at 70-85%. A router must move off it at once, and take it back when it returns on the
    /// strength of its old record; the return is reported as the late model's adoption.
    /// </summary>
    private static SimWorld FreeTierRemoval(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 13));
        var (models, rates) = Generalists(random, Prefix, 10, 0.30, 0.70, 0.06);
        var popular = random.Next(models.Count);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[popular, t] = 0.84 + (0.06 * random.NextDouble());
        }

        var gone = (int)(tasks * (0.30 + (0.15 * random.NextDouble())));
        var back = (int)(tasks * (0.70 + (0.15 * random.NextDouble())));
        var all = Enumerable.Repeat(true, models.Count).ToArray();
        var without = all.Select((_, m) => m != popular).ToArray();
        return new SimWorld("holdout-free-tier-removal", seed, models, Uniform(random, tasks), rates,
            [new CatalogStep(0, all), new CatalogStep(gone, without), new CatalogStep(back, all)], NoBursts(models.Count))
        { LateArrival = (popular, back) };
    }

    /// <summary>
    /// The types fall into two groups drawn per seed (not the groups the code may assume: coding can sit with email):
    /// model A is best on one group (0.82-0.90) and poor on the other (0.40-0.50), model B the reverse; six generalists
    /// at 0.55-0.68. One odd type from the second group has its own best, C (0.86-0.92), which is poor everywhere else
    /// (0.25-0.35), while A and B sit at 0.50 there. Pooling across a group helps; pooling the odd type with its group,
    /// or C's record elsewhere into the odd type, hurts.
    /// </summary>
    private static SimWorld TwoGroupsOddType(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 14));
        var (models, rates) = Generalists(random, Prefix, 9, 0.55, 0.68, 0.03);
        var (a, b, c) = (0, 1, 2);
        var shuffled = Types.OrderBy(_ => random.Next()).ToArray();
        var firstGroup = shuffled[..6].ToHashSet();
        var odd = shuffled[6 + random.Next(6)];
        foreach (var type in Types)
        {
            var t = (int)type;
            rates[a, t] = firstGroup.Contains(type) ? 0.82 + (0.08 * random.NextDouble()) : 0.40 + (0.10 * random.NextDouble());
            rates[b, t] = firstGroup.Contains(type) ? 0.40 + (0.10 * random.NextDouble()) : 0.82 + (0.08 * random.NextDouble());
            rates[c, t] = type == odd ? 0.86 + (0.06 * random.NextDouble()) : 0.25 + (0.10 * random.NextDouble());
        }

        rates[a, (int)odd] = 0.50;
        rates[b, (int)odd] = 0.50;
        return new SimWorld("holdout-two-groups-odd-type", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count));
    }

    /// <summary>
    /// No event at all: every model's rate moves in a straight line over the whole run, from a start to an end drawn
    /// apart (0.30-0.85 each), so the ranking crosses over slowly, several times. The best at the start ends at least
    /// 0.25 lower; one of the worst at the start ends the best. Forgetting too slowly keeps the old ranking; too fast
    /// spends tasks relearning what barely changed.
    /// </summary>
    private static SimWorld SlowDrift(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 15));
        var (models, rates) = Generalists(random, Prefix, 10, 0.30, 0.85, 0.04);
        var ends = new double[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            ends[m] = 0.30 + (0.55 * random.NextDouble());
        }

        var first = Enumerable.Range(0, models.Count).MaxBy(m => rates[m, 0]);
        var last = Enumerable.Range(0, models.Count).MinBy(m => rates[m, 0]);
        ends[first] = Math.Max(0.30, rates[first, 0] - 0.25 - (0.10 * random.NextDouble()));
        ends[last] = 0.88;
        var span = Math.Max(1, tasks - 1);
        return new SimWorld("holdout-slow-drift", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        {
            RateAt = (model, type, task, rate) => Math.Clamp(rate + ((ends[model] - rates[model, 0]) * task / span), 0.02, 0.98),
        };
    }

    /// <summary>
    /// Two types take 46% of the traffic each; the other ten share 8% (0.8% each, about 50 tasks in a 6,000-task run).
    /// Ten models with a general quality (0.35-0.70) and a large per-type spread (+-0.20), and on each type one model
    /// drawn at random is best by a margin (0.82-0.90). The sparse types get few tasks to explore with, and pooling
    /// helps only as far as the general quality goes.
    /// </summary>
    private static SimWorld SparseTypes(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 16));
        var (models, rates) = Generalists(random, Prefix, 10, 0.35, 0.70, 0.20);
        foreach (var type in Types)
        {
            rates[random.Next(models.Count), (int)type] = 0.82 + (0.08 * random.NextDouble());
        }

        var order = Types.OrderBy(_ => random.Next()).ToArray();
        var weights = new double[Types.Length];
        foreach (var type in order)
        {
            weights[(int)type] = type == order[0] || type == order[1] ? 0.46 : 0.008;
        }

        return new SimWorld("holdout-sparse-types", seed, models, Stream(random, tasks, weights), rates, AllListed(models.Count), NoBursts(models.Count));
    }

    /// <summary>
    /// The critic is partial: it scores one mediocre model (0.55-0.60) 0.30 above what its answers are worth and the
    /// best model (0.78-0.84) 0.15 below, with noise 0.15. Success (the task done) is what regret counts; a router that
    /// leans on the critic's score is led to the flattered model.
    /// </summary>
    private static SimWorld BiasedCritic(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 17));
        var (models, rates) = Generalists(random, Prefix, 10, 0.35, 0.65, 0.05);
        var best = random.Next(models.Count);
        var flattered = (best + 1 + random.Next(models.Count - 1)) % models.Count;
        var bias = new double[models.Count];
        for (var t = 0; t < Types.Length; t++)
        {
            rates[best, t] = 0.78 + (0.06 * random.NextDouble());
            rates[flattered, t] = 0.55 + (0.05 * random.NextDouble());
        }

        bias[flattered] = 0.30;
        bias[best] = -0.15;
        return new SimWorld("holdout-biased-critic", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        {
            CriticNoise = 0.15,
            CriticBias = bias,
        };
    }

    /// <summary>
    /// Tokens with two modes: 70% of tasks are short (x1), 30% long (x25: a big file pasted in), per task for every
    /// model alike; the best model (0.80-0.86) takes 1.6 times the tokens of the others (0.45-0.72). A token term
    /// normalised by the mixture (a running maximum, or a mean dragged by the long mode) either says nothing or,
    /// weighed too much, trades a sure success for a cheaper run.
    /// </summary>
    private static SimWorld BimodalTokens(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 18));
        var (models, rates) = Generalists(random, Prefix, 10, 0.45, 0.72, 0.05);
        var best = random.Next(models.Count);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[best, t] = 0.80 + (0.06 * random.NextDouble());
        }

        return new SimWorld("holdout-bimodal-tokens", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        {
            // Channel 7 of the task's own draw (model 0 for all), so every model sees the same mode for the same task.
            TokenFactor = (task, model) => (Hidden.Uniform(seed, task, 0, 7) < 0.30 ? 25 : 1) * (model == best ? 1.6 : 1),
        };
    }

    private const string Prefix = "or-free-holdout";

    private static TaskType[] Types => SimWorld.AllTypes;

    /// <summary>Per day, a span of <paramref name="length"/> tasks from the peak, moved by up to 30 tasks either way.</summary>
    private static (int, int)[] Daily(Random random, int tasks, int day, int peak, int length) =>
        Enumerable.Range(0, (tasks / day) + 1).Select(d => (Math.Max(0, (d * day) + peak + random.Next(-30, 31)), length)).ToArray();

    /// <summary>
    /// 429s one call at a time, named with no Retry-After (a busy provider, not a limit that lasts): the best model
    /// (0.85 everywhere) answers 429 on three calls in ten at random, the nine others (0.35-0.70) on one in twenty-five.
    /// A router that reads each 429 as "gone for minutes" leaves the best model idle most of the time; one that ignores
    /// them fails over on every third call, which costs nothing here. Added after a probe found the first (see
    /// <c>ModelCooldowns</c>), so, unlike the others, it was tuned on.
    /// </summary>
    private static SimWorld OneOff429s(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 19));
        var (models, rates) = Generalists(random, Prefix, 10, 0.35, 0.70, 0.06);
        var best = random.Next(models.Count);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[best, t] = 0.85;
        }

        var bursts = new IReadOnlyList<(int, int)>[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            var share = m == best ? 0.30 : 0.04;
            bursts[m] = Enumerable.Range(0, tasks).Where(_ => random.NextDouble() < share).Select(task => (task, 1)).ToArray();
        }

        return new SimWorld("holdout-one-off-429s", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), bursts) { RetryAfter = null };
    }

    // Generalists, Stream, Uniform, AllListed, NoBursts and Mix are the issue families' own (WorldFamilies); family
    // numbers here start at 11, so no held-out world shares a seed stream with one of the tuning families (1-5).
}
