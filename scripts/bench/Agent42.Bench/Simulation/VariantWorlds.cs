using Agent42.Sdk;
using static Agent42.Bench.Simulation.WorldFamilies;

namespace Agent42.Bench.Simulation;

/// <summary>
/// The issue's five families again with other parameters (<c>SIM_WORLDS=variants</c>, never in the default run): the
/// held-out simulation run against the router builds its own versions of the same kinds, so a router must meet the
/// targets when the gaps are smaller, the change comes later, the traffic is skewed differently or the side signals say
/// nothing. Each keeps its family's kind (specialists, late arrival, degradation, near-equal models, churn with limits)
/// and changes what a router tuned on one parameter set could have leant on.
/// </summary>
internal static class VariantWorlds
{
    public const string Selector = "variants";

    public static readonly string[] All =
    [
        "variant-specialists-mild", "variant-late-small", "variant-degrading-small", "variant-degrade-recover",
        "variant-many-near-equal", "variant-quiet-signals",
    ];

    public static SimWorld Create(string family, int seed, int tasks) => family switch
    {
        "variant-specialists-mild" => SpecialistsMild(seed, tasks),
        "variant-late-small" => LateSmall(seed, tasks),
        "variant-degrading-small" => DegradingSmall(seed, tasks),
        "variant-degrade-recover" => DegradeRecover(seed, tasks),
        "variant-many-near-equal" => ManyNearEqual(seed, tasks),
        "variant-quiet-signals" => QuietSignals(seed, tasks),
        _ => throw new ArgumentException($"unknown variant world '{family}'; known: {string.Join(", ", All)}", nameof(family)),
    };

    /// <summary>
    /// Specialists by a smaller margin: one per type at 0.68-0.78 there and 0.45-0.60 elsewhere, four generalists at
    /// 0.58-0.66, and four rare types at 1% of the traffic each (which four changes with the seed).
    /// </summary>
    private static SimWorld SpecialistsMild(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 31));
        var (models, rates) = Generalists(random, Prefix, Types.Length + 4, 0.5, 0.5, 0);
        for (var s = 0; s < Types.Length; s++)
        {
            for (var t = 0; t < Types.Length; t++)
            {
                rates[s, t] = t == s ? 0.68 + (0.10 * random.NextDouble()) : 0.45 + (0.15 * random.NextDouble());
            }
        }

        for (var g = Types.Length; g < models.Count; g++)
        {
            var quality = 0.58 + (0.08 * random.NextDouble());
            for (var t = 0; t < Types.Length; t++)
            {
                rates[g, t] = quality;
            }
        }

        return new SimWorld("variant-specialists-mild", seed, models, Stream(random, tasks, Skewed(random, rare: 4, share: 0.01)), rates,
            AllListed(models.Count), NoBursts(models.Count));
    }

    /// <summary>
    /// Twelve models (0.35-0.70, +-0.06 by type); late in the run (60-80%) a sync lists one only 0.10 better than the
    /// best of them on every type, under a skewed mix (two types at 2%).
    /// </summary>
    private static SimWorld LateSmall(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 32));
        var (models, rates) = Generalists(random, Prefix, 13, 0.35, 0.70, 0.06);
        var late = models.Count - 1;
        for (var t = 0; t < Types.Length; t++)
        {
            rates[late, t] = Math.Min(0.95, Enumerable.Range(0, late).Max(m => rates[m, t]) + 0.10);
        }

        var arrival = (int)(tasks * (0.60 + (0.20 * random.NextDouble())));
        var before = Enumerable.Range(0, models.Count).Select(m => m != late).ToArray();
        return new SimWorld("variant-late-small", seed, models, Stream(random, tasks, Skewed(random, rare: 2, share: 0.02)), rates,
            [new CatalogStep(0, before), new CatalogStep(arrival, Enumerable.Repeat(true, models.Count).ToArray())], NoBursts(models.Count))
        { LateArrival = (late, arrival) };
    }

    /// <summary>
    /// An incumbent at 0.78-0.84 that loses only 0.20 at 40-70% of the run, a runner-up at 0.66-0.70 (so after the
    /// change the runner-up is better by 0.02-0.12), eight more at 0.30-0.60.
    /// </summary>
    private static SimWorld DegradingSmall(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 33));
        var (models, rates, incumbent) = WithIncumbent(random, 0.60, (0.78, 0.06), (0.66, 0.04));
        var at = (int)(tasks * (0.40 + (0.30 * random.NextDouble())));
        return new SimWorld("variant-degrading-small", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        { Degradation = (incumbent, at, 0.20) };
    }

    /// <summary>
    /// The degrading family's incumbent (0.82-0.90, a runner-up at 0.68-0.74) loses 0.35 at 25-35% of the run and gets it
    /// back at 60-70%: a provider's bad build rolled back. A router must leave it, and then come back to it.
    /// </summary>
    private static SimWorld DegradeRecover(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 34));
        var (models, rates, incumbent) = WithIncumbent(random, 0.65, (0.82, 0.08), (0.68, 0.06));
        var (down, up) = ((int)(tasks * (0.25 + (0.10 * random.NextDouble()))), (int)(tasks * (0.60 + (0.10 * random.NextDouble()))));
        return new SimWorld("variant-degrade-recover", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        {
            RateAt = (model, _, task, rate) => model == incumbent && task >= down && task < up ? Math.Max(0.02, rate - 0.35) : rate,
        };
    }

    /// <summary>Sixty models within 0.08 (0.50-0.58, +-0.02 by type), a critic with 0.25 noise, lognormal tokens (sigma 1).</summary>
    private static SimWorld ManyNearEqual(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 35));
        var (models, rates) = Generalists(random, Prefix, 60, 0.50, 0.58, 0.02);
        for (var m = 0; m < models.Count; m++)
        {
            models[m] = models[m] with { TokenSigma = 1 };
        }

        return new SimWorld("variant-many-near-equal", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        { CriticNoise = 0.25 };
    }

    /// <summary>
    /// Side signals that say nothing: no critic score, iterations drawn regardless of success, tokens regardless of the
    /// model; only the success bit tells the models apart. Ten generalists (0.35-0.70, +-0.10 by type), one of them best
    /// on every type at 0.80-0.86.
    /// </summary>
    private static SimWorld QuietSignals(int seed, int tasks)
    {
        var random = new Random(Mix(seed, 36));
        var (models, rates) = Generalists(random, Prefix, 10, 0.35, 0.70, 0.10);
        var best = random.Next(models.Count);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[best, t] = 0.80 + (0.06 * random.NextDouble());
        }

        for (var m = 0; m < models.Count; m++)
        {
            models[m] = models[m] with { BaseTokens = 1500 };
        }

        return new SimWorld("variant-quiet-signals", seed, models, Uniform(random, tasks), rates, AllListed(models.Count), NoBursts(models.Count))
        { QuietSignals = true };
    }

    private const string Prefix = "or-free-variant";

    private static TaskType[] Types => SimWorld.AllTypes;

    /// <summary>Eight models at 0.30 to <paramref name="high"/> (+-0.05 by type), then an incumbent and a runner-up, each at its low plus up to its span on every type.</summary>
    private static (List<SimModel> Models, double[,] Rates, int Incumbent) WithIncumbent(Random random, double high, (double Low, double Span) incumbent,
        (double Low, double Span) runnerUp)
    {
        var (models, rates) = Generalists(random, Prefix, 10, 0.30, high, 0.05);
        for (var t = 0; t < Types.Length; t++)
        {
            rates[8, t] = incumbent.Low + (incumbent.Span * random.NextDouble());
            rates[9, t] = runnerUp.Low + (runnerUp.Span * random.NextDouble());
        }

        return (models, rates, 8);
    }

    /// <summary>Traffic with <paramref name="rare"/> types (chosen per seed) at <paramref name="share"/> each and the rest uneven.</summary>
    private static double[] Skewed(Random random, int rare, double share)
    {
        var order = Types.OrderBy(_ => random.Next()).ToArray();
        var weights = new double[Types.Length];
        var rest = order[rare..].Select(_ => 0.5 + random.NextDouble()).ToArray();
        for (var k = 0; k < order.Length; k++)
        {
            weights[(int)order[k]] = k < rare ? share : (1 - (rare * share)) * rest[k - rare] / rest.Sum();
        }

        return weights;
    }

    // Family numbers start at 31: no variant shares a seed stream with a tuning family (1-5) or a held-out world (11-19).
}
