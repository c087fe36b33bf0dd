using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// Running sums of the outcomes per (task type, model), so ranking a model is O(1) and recording an outcome is a
/// few additions: every composite term is a sum over runs, and the token-efficiency term divides by the task
/// type's best quality per token, which is kept as a running maximum. Thread-safe.
/// </summary>
internal sealed class OutcomeStats
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TaskType Type, string Model), Sums> _sums = [];
    private readonly Dictionary<TaskType, TypeTotals> _types = [];

    public static OutcomeStats From(IEnumerable<RecordedOutcome> outcomes)
    {
        var stats = new OutcomeStats();
        foreach (var outcome in outcomes)
        {
            stats.Add(outcome);
        }

        return stats;
    }

    public int Count { get; private set; }

    public void Add(RecordedOutcome outcome)
    {
        lock (_gate)
        {
            var key = (outcome.Type, outcome.ModelKey);
            if (!_sums.TryGetValue(key, out var sums))
            {
                _sums[key] = sums = new Sums();
            }

            var qualityPerToken = QualityPerToken(outcome);
            sums.Runs++;
            sums.Successes += outcome.Success ? 1 : 0;
            sums.Efficiency += outcome.IterationEfficiency;
            sums.Quality += outcome.Quality;
            sums.QualityPerToken += qualityPerToken;
            if (outcome.CriticScore is { } critic)
            {
                sums.Critic += critic;
                sums.CriticRuns++;
            }

            if (!_types.TryGetValue(outcome.Type, out var totals))
            {
                _types[outcome.Type] = totals = new TypeTotals();
            }

            totals.Runs++;
            totals.Trials += outcome.IsTrial ? 1 : 0;
            totals.BestQualityPerToken = Math.Max(totals.BestQualityPerToken, qualityPerToken);
            Count++;
        }
    }

    /// <summary>Tasks of the type so far, and how many of them were trials.</summary>
    public (int Runs, int Trials) Totals(TaskType type)
    {
        lock (_gate)
        {
            return _types.TryGetValue(type, out var t) ? (t.Runs, t.Trials) : (0, 0);
        }
    }

    /// <summary>A model's standing on a type; <see cref="ModelEvaluator.Unproven"/> when it has no outcomes there.</summary>
    public ModelRank Rank(TaskType type, string model, double? prior, double priorWeight)
    {
        lock (_gate)
        {
            return _sums.TryGetValue((type, model), out var sums)
                ? ToRank(model, sums, _types[type].BestQualityPerToken, prior ?? ModelEvaluator.UnknownPrior, priorWeight)
                : ModelEvaluator.Unproven(model, prior, priorWeight);
        }
    }

    /// <summary>Every model with outcomes on the type, best posterior first.</summary>
    public IReadOnlyList<ModelRank> Ranks(TaskType type, Func<string, double?> prior, double priorWeight)
    {
        lock (_gate)
        {
            var best = _types.TryGetValue(type, out var totals) ? totals.BestQualityPerToken : 0;
            return _sums.Where(p => p.Key.Type == type)
                .Select(p => ToRank(p.Key.Model, p.Value, best, prior(p.Key.Model) ?? ModelEvaluator.UnknownPrior, priorWeight))
                .OrderByDescending(r => r.PosteriorMean)
                .ThenByDescending(r => r.Samples)
                .ThenBy(r => r.ModelKey, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static ModelRank ToRank(string model, Sums s, double bestQualityPerToken, double prior, double priorWeight)
    {
        var tokenShare = bestQualityPerToken <= 0 ? 0 : s.QualityPerToken / bestQualityPerToken;
        var rewardSum = (ModelEvaluator.SuccessWeight * s.Successes) + (ModelEvaluator.IterationWeight * s.Efficiency)
            + (ModelEvaluator.CriticWeight * s.Quality) + (ModelEvaluator.TokenWeight * tokenShare);
        var successRate = (double)s.Successes / s.Runs;
        var efficiency = s.Efficiency / s.Runs;
        double? critic = s.CriticRuns == 0 ? null : s.Critic / s.CriticRuns;
        var tokenEfficiency = tokenShare / s.Runs;
        var composite = (ModelEvaluator.SuccessWeight * successRate) + (ModelEvaluator.IterationWeight * efficiency)
            + (ModelEvaluator.CriticWeight * (critic ?? successRate)) + (ModelEvaluator.TokenWeight * tokenEfficiency);
        return new ModelRank(model, s.Runs, successRate, efficiency, critic, tokenEfficiency, composite, prior,
            (prior * priorWeight) + rewardSum, ((1 - prior) * priorWeight) + (s.Runs - rewardSum));
    }

    private static double QualityPerToken(RecordedOutcome outcome) =>
        outcome.Tokens <= 0 ? 0 : (outcome.Success ? outcome.Quality : 0) / outcome.Tokens;

    private sealed class Sums
    {
        public int Runs { get; set; }

        public int Successes { get; set; }

        public double Efficiency { get; set; }

        public double Quality { get; set; }

        public double QualityPerToken { get; set; }

        public double Critic { get; set; }

        public int CriticRuns { get; set; }
    }

    private sealed class TypeTotals
    {
        public int Runs { get; set; }

        public int Trials { get; set; }

        public double BestQualityPerToken { get; set; }
    }
}
