using System.Text.Json.Nodes;
using Agent42.Core.Models.Catalog;
using Agent42.Sdk;

namespace Agent42.Bench.Simulation;

/// <summary>
/// The world families of issue 13's proof by simulation, each built per seed: the seed draws the rates, the task
/// stream, the arrival and degradation points and the 429 bursts, so no two seeds are the same world.
/// </summary>
internal static class WorldFamilies
{
    public static readonly string[] All = ["specialists", "late-arrival", "degrading", "near-equal", "churn-rate-limited"];

    public static SimWorld Create(string family, int seed, int tasks, string historyPath) => family switch
    {
        "specialists" => Specialists(seed, tasks),
        "late-arrival" => LateArrival(seed, tasks),
        "degrading" => Degrading(seed, tasks),
        "near-equal" => NearEqual(seed, tasks),
        "churn-rate-limited" => ChurnRateLimited(seed, tasks, historyPath),
        _ when HoldoutWorlds.All.Contains(family) => HoldoutWorlds.Create(family, seed, tasks),
        _ when VariantWorlds.All.Contains(family) => VariantWorlds.Create(family, seed, tasks),
        _ => throw new ArgumentException($"unknown world family '{family}'; known: {string.Join(", ", All)}", nameof(family)),
    };

    /// <summary>
    /// (a) One specialist per type (0.80-0.92 there, 0.30-0.50 elsewhere) and four generalists (0.55-0.70 everywhere),
    /// under a skewed mix: three types take 1%, 2% and 3% of the traffic, the others share the rest unevenly.
    /// </summary>
    private static SimWorld Specialists(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 1));
        var types = SimWorld.AllTypes;
        var models = new List<SimModel>();
        var rates = new double[types.Length + 4, types.Length];
        for (var s = 0; s < types.Length; s++)
        {
            models.Add(Model(random, $"or-free-spec-{s:00}"));
            for (var t = 0; t < types.Length; t++)
            {
                rates[s, t] = t == s ? 0.80 + (0.12 * random.NextDouble()) : 0.30 + (0.20 * random.NextDouble());
            }
        }

        for (var g = 0; g < 4; g++)
        {
            var i = models.Count;
            models.Add(Model(random, $"or-free-gen-{g}"));
            var quality = 0.55 + (0.10 * random.NextDouble());
            for (var t = 0; t < types.Length; t++)
            {
                rates[i, t] = Math.Min(0.75, quality + (0.05 * random.NextDouble()));
            }
        }

        // Which types are rare changes with the seed; their weights are fixed.
        var order = types.OrderBy(_ => random.Next()).ToArray();
        var weights = new double[types.Length];
        weights[(int)order[0]] = 0.01;
        weights[(int)order[1]] = 0.02;
        weights[(int)order[2]] = 0.03;
        var rest = order[3..].Select(_ => 0.5 + random.NextDouble()).ToArray();
        for (var k = 0; k < rest.Length; k++)
        {
            weights[(int)order[k + 3]] = 0.94 * rest[k] / rest.Sum();
        }

        return new SimWorld("specialists", seed, models, Stream(random, tasks, weights), rates, AllListed(models.Count), NoBursts(models.Count));
    }

    /// <summary>
    /// (b) Ten models (quality 0.30-0.70, +-0.08 by type); at 30-50% of the run a sync lists a new model 0.20 better
    /// than the best of them on every type (at most 0.95).
    /// </summary>
    private static SimWorld LateArrival(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 2));
        var (models, rates) = Generalists(random, "or-free-model", 11, 0.30, 0.70, 0.08);
        var late = models.Count - 1;
        models[late] = Model(random, "or-free-late-arrival");
        for (var t = 0; t < SimWorld.AllTypes.Length; t++)
        {
            var best = Enumerable.Range(0, late).Max(m => rates[m, t]);
            rates[late, t] = Math.Min(0.95, best + 0.20);
        }

        var arrival = (int)(tasks * (0.30 + (0.20 * random.NextDouble())));
        var before = Enumerable.Range(0, models.Count).Select(m => m != late).ToArray();
        var after = Enumerable.Repeat(true, models.Count).ToArray();
        return new SimWorld("late-arrival", seed, models, Uniform(random, tasks), rates, [new CatalogStep(0, before), new CatalogStep(arrival, after)],
            NoBursts(models.Count))
        { LateArrival = (late, arrival) };
    }

    /// <summary>
    /// (c) An incumbent at 0.82-0.90 on every type, a runner-up at 0.68-0.74, eight more at 0.30-0.65; at 45-55% of the
    /// run the incumbent silently loses 0.35.
    /// </summary>
    private static SimWorld Degrading(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 3));
        var (models, rates) = Generalists(random, "or-free-model", 10, 0.30, 0.65, 0.05);
        var (incumbent, runnerUp) = (models.Count - 2, models.Count - 1);
        models[incumbent] = Model(random, "or-free-incumbent");
        models[runnerUp] = Model(random, "or-free-runner-up");
        for (var t = 0; t < SimWorld.AllTypes.Length; t++)
        {
            rates[incumbent, t] = 0.82 + (0.08 * random.NextDouble());
            rates[runnerUp, t] = 0.68 + (0.06 * random.NextDouble());
        }

        var at = (int)(tasks * (0.45 + (0.10 * random.NextDouble())));
        return new SimWorld("degrading", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        { Degradation = (incumbent, at, 0.35) };
    }

    /// <summary>
    /// (d) Thirty models within 0.10 of each other (0.55-0.65, +-0.03 by type), a critic whose score has a 0.35
    /// standard deviation, and heavy-tailed tokens: half the models lognormal (sigma 1.5), half Pareto (alpha 1.3).
    /// </summary>
    private static SimWorld NearEqual(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 4));
        var (models, rates) = Generalists(random, "or-free-model", 30, 0.55, 0.65, 0.03);
        for (var m = 0; m < models.Count; m++)
        {
            models[m] = models[m] with { TokenSigma = m % 2 == 0 ? 1.5 : 0, ParetoAlpha = m % 2 == 1 ? 1.3 : 0 };
        }

        return new SimWorld("near-equal", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        { CriticNoise = 0.35 };
    }

    /// <summary>
    /// (e) The real daily free-id history (each day a catalog sync), rates as the default world draws them (quality
    /// 0.25-0.85, +-0.15 by type), a few short 429 bursts per model, and the best model (0.88-0.94 everywhere, one of
    /// those listed on most days) answering 429 a third of the time, in bursts of 10-80 tasks.
    /// </summary>
    private static SimWorld ChurnRateLimited(int seed, int tasks, string historyPath)
    {
        var random = new Random(Mix(seed, 5));
        var history = JsonNode.Parse(File.ReadAllText(historyPath))!["days"]!.AsObject();
        var days = history.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => d.Value!["free_ids"]!.AsArray().Select(i => ModelKeys.FreeKey(i!.GetValue<string>())).ToHashSet(StringComparer.Ordinal))
            .ToList();
        var keys = days.SelectMany(d => d).Distinct().Order(StringComparer.Ordinal).ToList();
        var models = keys.Select(k => Model(random, k)).ToList();
        var types = SimWorld.AllTypes;
        var rates = new double[models.Count, types.Length];
        for (var m = 0; m < models.Count; m++)
        {
            var quality = 0.25 + (0.6 * random.NextDouble());
            for (var t = 0; t < types.Length; t++)
            {
                rates[m, t] = Math.Clamp(quality + ((random.NextDouble() - 0.5) * 0.3), 0.02, 0.85);
            }
        }

        var common = Enumerable.Range(0, models.Count).Where(m => days.Count(d => d.Contains(keys[m])) >= days.Count * 0.6).ToArray();
        var best = common.Length > 0 ? common[random.Next(common.Length)] : random.Next(models.Count);
        for (var t = 0; t < types.Length; t++)
        {
            rates[best, t] = 0.88 + (0.06 * random.NextDouble());
        }

        var bursts = new IReadOnlyList<(int, int)>[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            bursts[m] = Enumerable.Range(0, 3).Select(_ => (random.Next(tasks), 10 + random.Next(60))).ToArray();
        }

        // A third of the time: on-spans of 10-80 tasks, off-spans twice as long on average.
        var limited = new List<(int, int)>();
        for (var at = random.Next(100); at < tasks;)
        {
            var on = 10 + random.Next(71);
            limited.Add((at, on));
            at += on + (2 * (10 + random.Next(71)));
        }

        bursts[best] = limited;
        var catalog = days.Select((d, i) => new CatalogStep((int)((long)i * tasks / days.Count), keys.Select(d.Contains).ToArray())).ToList();
        return new SimWorld("churn-rate-limited", seed, models, Uniform(random, tasks), rates, catalog, bursts);
    }

    /// <summary>
    /// <paramref name="count"/> models keyed <c>{prefix}-00</c> on, each with a quality drawn from low..high and its rate
    /// on each type that quality +- <paramref name="spread"/>. Context lengths and token bases are drawn too, so the
    /// built-in default (largest context first) is not the best model by construction. Every world family, held-out
    /// world and variant builds its models here, so the same draws give the same worlds.
    /// </summary>
    internal static (List<SimModel> Models, double[,] Rates) Generalists(Random random, string prefix, int count, double low, double high, double spread)
    {
        var types = SimWorld.AllTypes;
        var models = new List<SimModel>();
        var rates = new double[count, types.Length];
        for (var m = 0; m < count; m++)
        {
            models.Add(Model(random, $"{prefix}-{m:00}"));
            var quality = low + ((high - low) * random.NextDouble());
            for (var t = 0; t < types.Length; t++)
            {
                rates[m, t] = Math.Clamp(quality + ((random.NextDouble() - 0.5) * 2 * spread), 0.02, 0.98);
            }
        }

        return (models, rates);
    }

    private static SimModel Model(Random random, string key) => new(key, 8_000 + random.Next(256_000), 300 + random.Next(3000));

    internal static TaskType[] Uniform(Random random, int tasks) => Stream(random, tasks, SimWorld.AllTypes.Select(_ => 1.0).ToArray());

    internal static TaskType[] Stream(Random random, int tasks, double[] weights)
    {
        var total = weights.Sum();
        var stream = new TaskType[tasks];
        for (var i = 0; i < tasks; i++)
        {
            var u = random.NextDouble() * total;
            var t = 0;
            while (t < weights.Length - 1 && (u -= weights[t]) >= 0)
            {
                t++;
            }

            stream[i] = (TaskType)t;
        }

        return stream;
    }

    internal static CatalogStep[] AllListed(int count) => [new CatalogStep(0, Enumerable.Repeat(true, count).ToArray())];

    internal static IReadOnlyList<(int, int)>[] NoBursts(int count) => Enumerable.Range(0, count).Select(_ => (IReadOnlyList<(int, int)>)[]).ToArray();

    internal static int Mix(int seed, int family) => unchecked((seed * 7919) + (family * 104_729));
}
