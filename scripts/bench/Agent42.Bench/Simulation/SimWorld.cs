using Agent42.Core.Models.Catalog;
using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Bench.Simulation;

/// <summary>
/// One seed of a world family: the models, the task stream (the type of every task), the hidden success rate of
/// every model on every type (with a silent degradation from a given task on, if the family has one), which models
/// the catalog lists when (catalog syncs), and when each model answers 429. Outcomes come from <see cref="Hidden"/>
/// draws, so the same (task, model) gives every policy the same result.
/// </summary>
internal sealed class SimWorld
{
    private static readonly TaskType[] Types = Enum.GetValues<TaskType>();
    private readonly Dictionary<string, int> _index;

    public SimWorld(string family, int seed, IReadOnlyList<SimModel> models, TaskType[] typeOf, double[,] rates, IReadOnlyList<CatalogStep> catalog,
        IReadOnlyList<(int Start, int Length)>[] bursts)
    {
        (Family, Seed, Models, TypeOf, Rates, Catalog, Bursts) = (family, seed, models, typeOf, rates, catalog, bursts);
        _index = models.Select((m, i) => (m.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
    }

    public string Family { get; }

    public int Seed { get; }

    public IReadOnlyList<SimModel> Models { get; }

    public TaskType[] TypeOf { get; }

    public int Tasks => TypeOf.Length;

    /// <summary>Hidden success rates, [model, type], before any degradation.</summary>
    public double[,] Rates { get; }

    public IReadOnlyList<CatalogStep> Catalog { get; }

    /// <summary>Per model, the spans of tasks during which it answers 429.</summary>
    public IReadOnlyList<(int Start, int Length)>[] Bursts { get; }

    /// <summary>The model that silently degrades, from which task, by how much; -1 for none.</summary>
    public (int Model, int FromTask, double By) Degradation { get; init; } = (-1, 0, 0);

    /// <summary>The better model that arrives late through a catalog sync, and the task it is first listed at; -1 for none.</summary>
    public (int Model, int FromTask) LateArrival { get; init; } = (-1, 0);

    /// <summary>The Retry-After a 429 names: 20 minutes, as a lasting limit would; null for none (one-off 429s of a busy provider).</summary>
    public TimeSpan? RetryAfter { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The critic's noise: the standard deviation of its score around the hidden rate.</summary>
    public double CriticNoise { get; init; } = 0.09;

    /// <summary>A world's own change of a model's rate over the run, (model, type, task, base rate) to rate; null for none.</summary>
    public Func<int, TaskType, int, double, double>? RateAt { get; init; }

    /// <summary>Per model, what the critic adds to its score (a partial critic); null for a fair one.</summary>
    public double[]? CriticBias { get; init; }

    /// <summary>Whether the side signals say nothing: no critic score, and iterations drawn regardless of success.</summary>
    public bool QuietSignals { get; init; }

    /// <summary>A world's own token factor per (task, model), in place of the models' tails; null for none.</summary>
    public Func<int, int, double>? TokenFactor { get; init; }

    public DateTimeOffset Start { get; init; } = new(2026, 2, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Simulated time: one task a minute, so a 20-minute Retry-After covers about 20 tasks.</summary>
    public DateTimeOffset At(int task) => Start.AddMinutes(task);

    public int Index(string key) => _index[key];

    public double Rate(int model, TaskType type, int task)
    {
        var rate = RateAt is { } at ? at(model, type, task, Rates[model, (int)type]) : Rates[model, (int)type];
        return model == Degradation.Model && task >= Degradation.FromTask ? Math.Max(0.02, rate - Degradation.By) : rate;
    }

    public bool RateLimited(int model, int task)
    {
        foreach (var (start, length) in Bursts[model])
        {
            if (task >= start && task < start + length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The best hidden rate among the models listed and answering at the task: what an oracle would get.</summary>
    public double OracleRate(CatalogStep step, TaskType type, int task)
    {
        var best = 0.0;
        for (var m = 0; m < Models.Count; m++)
        {
            if (step.Listed[m] && !RateLimited(m, task))
            {
                best = Math.Max(best, Rate(m, type, task));
            }
        }

        return best;
    }

    /// <summary>The catalog as a sync leaves it: every model seen so far, the listed ones available, the rest missing.</summary>
    public IReadOnlyList<KnownModel> Known(CatalogStep step, int task)
    {
        var at = At(task);
        var seen = Catalog.Where(s => s.FromTask <= step.FromTask).ToArray();
        return Models.Select((m, i) => (m, i)).Where(p => seen.Any(s => s.Listed[p.i]))
            .Select(p => new KnownModel(p.m.Key, p.m.Key, p.m.Key, p.m.Key, p.m.ContextLength, true, false,
                step.Listed[p.i] ? ModelStatus.Available : ModelStatus.Missing, at, at, at))
            .ToList();
    }

    /// <summary>What a run of the model on the task records: success, iterations, the critic's score, tokens.</summary>
    public OutcomeRecord Outcome(int model, int task, bool trial, DateTimeOffset at)
    {
        var type = TypeOf[task];
        var rate = Rate(model, type, task);
        var success = Hidden.Uniform(Seed, task, model, 0) < rate;
        var iterations = QuietSignals ? 1 + (int)(5 * Hidden.Uniform(Seed, task, model, 1))
            : success
            ? 1 + (Hidden.Uniform(Seed, task, model, 1) < 1 - rate ? 1 : 0) + (Hidden.Uniform(Seed, task, model, 2) < 0.3 * (1 - rate) ? 1 : 0)
            : 5;
        double? critic = QuietSignals ? null : Math.Round(Math.Clamp(rate + (CriticBias?[model] ?? 0) + (CriticNoise * Hidden.Normal(Seed, task, model, 3)), 0, 1), 3);
        var spec = Models[model];
        var tail = TokenFactor is { } factor ? factor(task, model)
            : spec.ParetoAlpha > 0 ? Math.Pow(Hidden.Uniform(Seed, task, model, 5), -1 / spec.ParetoAlpha)
            : spec.TokenSigma > 0 ? Math.Exp(spec.TokenSigma * Hidden.Normal(Seed, task, model, 6))
            : 1;
        var tokens = (long)Math.Min(5_000_000, spec.BaseTokens * iterations * tail);
        return new OutcomeRecord($"t-sim-{task:000000}", spec.Key, type, success, iterations, 8, critic, tokens * 3 / 4, tokens / 4,
            1000 + (200 * iterations), at, trial);
    }

    public static TaskType[] AllTypes => Types;
}
