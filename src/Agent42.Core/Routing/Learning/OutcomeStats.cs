using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Running sums of the outcomes per (task type, model), so ranking a model is O(1) and recording an outcome is a
/// few additions: every composite term is a sum over runs, and the token-efficiency term divides by the task
/// type's best quality per token, which is kept as a running maximum. Thread-safe.
/// </summary>
internal sealed class OutcomeStats : IOutcomeTally
{
    /// <summary>The cross-type record adds at most this many times the prior weight in pseudo-outcomes.</summary>
    private const int MaxPooledRunsPerWeight = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<(TaskType Type, string Model), Sums> _sums = [];
    private readonly Dictionary<TaskType, TypeTotals> _types = [];
    private readonly Dictionary<string, (int Runs, double Reward)> _models = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _recordedAt = [];

    public static OutcomeStats From(IEnumerable<OutcomeRecord> outcomes)
    {
        var stats = new OutcomeStats();
        foreach (var outcome in outcomes)
        {
            stats.Add(outcome);
        }

        return stats;
    }

    public int Count { get; private set; }

    public void Add(OutcomeRecord outcome)
    {
        lock (_gate)
        {
            var key = (outcome.Type, outcome.ModelKey);
            if (!_sums.TryGetValue(key, out var sums))
            {
                _sums[key] = sums = new Sums();
            }

            var qualityPerToken = QualityPerToken(outcome);
            var pooled = PooledReward(outcome);
            var model = _models.GetValueOrDefault(outcome.ModelKey);
            _models[outcome.ModelKey] = (model.Runs + 1, model.Reward + pooled);
            sums.PooledReward += pooled;
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
            _recordedAt.Add(outcome.RecordedAt);
            Count++;
        }
    }

    /// <summary>
    /// Outcomes recorded after <paramref name="since"/>. The log is in time order, so only the recent end is walked:
    /// reranking asks this after every task.
    /// </summary>
    public int CountRecordedAfter(DateTimeOffset since)
    {
        lock (_gate)
        {
            var count = 0;
            for (var i = _recordedAt.Count - 1; i >= 0 && _recordedAt[i] > since; i--)
            {
                count++;
            }

            return count;
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
            var sums = _sums.GetValueOrDefault((type, model));
            var effective = prior is { } research ? new RankPrior(research, priorWeight, RankPrior.Research) : PooledPrior(model, sums, priorWeight);
            return sums is not null
                ? ToRank(model, sums, _types[type].BestQualityPerToken, effective)
                : ModelEvaluator.Unproven(model, effective);
        }
    }

    /// <summary>Every model with outcomes on the type, best posterior first.</summary>
    public IReadOnlyList<ModelRank> Ranks(TaskType type, Func<string, double?> prior, double priorWeight)
    {
        lock (_gate)
        {
            var best = _types.TryGetValue(type, out var totals) ? totals.BestQualityPerToken : 0;
            return _sums.Where(p => p.Key.Type == type)
                .Select(p => ToRank(p.Key.Model, p.Value, best,
                    prior(p.Key.Model) is { } research ? new RankPrior(research, priorWeight, RankPrior.Research) : PooledPrior(p.Key.Model, p.Value, priorWeight)))
                .OrderByDescending(r => r.PosteriorMean)
                .ThenByDescending(r => r.Samples)
                .ThenBy(r => r.ModelKey, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>
    /// Without research, a model's prior on a task type is its record on the other task types: a model that does well
    /// at coding probably does well at debugging, so one type's outcomes speed up learning on all. The record is
    /// shrunk towards 0.5 by the prior weight k, and is worth k pseudo-outcomes plus one per run it rests on, up to
    /// 5k in all: forty runs elsewhere say more than two, yet a type's own outcomes outweigh them after 5k runs, because
    /// types do differ. With no outcomes elsewhere the prior is 0.5, worth k. Call under the lock.
    /// </summary>
    private RankPrior PooledPrior(string model, Sums? here, double priorWeight)
    {
        var all = _models.GetValueOrDefault(model);
        var runs = all.Runs - (here?.Runs ?? 0);
        var reward = all.Reward - (here?.PooledReward ?? 0);
        return runs <= 0
            ? new RankPrior(ModelEvaluator.UnknownPrior, priorWeight, RankPrior.None)
            : new RankPrior(((ModelEvaluator.UnknownPrior * priorWeight) + reward) / (priorWeight + runs),
                priorWeight + Math.Min(runs, MaxPooledRunsPerWeight * priorWeight), RankPrior.OtherTypes);
    }

    /// <summary>A run's composite with the token term (which needs a per-type normaliser) approximated by success.</summary>
    private static double PooledReward(OutcomeRecord outcome) =>
        (ModelEvaluator.SuccessWeight * (outcome.Success ? 1 : 0)) + (ModelEvaluator.IterationWeight * outcome.IterationEfficiency)
        + (ModelEvaluator.CriticWeight * outcome.Quality) + (ModelEvaluator.TokenWeight * (outcome.Success ? 1 : 0));

    private static ModelRank ToRank(string model, Sums s, double bestQualityPerToken, RankPrior prior)
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
            (prior.Mean * prior.Weight) + rewardSum, ((1 - prior.Mean) * prior.Weight) + (s.Runs - rewardSum));
    }

    private static double QualityPerToken(OutcomeRecord outcome) =>
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

        public double PooledReward { get; set; }
    }

    private sealed class TypeTotals
    {
        public int Runs { get; set; }

        public int Trials { get; set; }

        public double BestQualityPerToken { get; set; }
    }
}
