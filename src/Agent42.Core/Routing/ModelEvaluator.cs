using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// The plan's model evaluator: from the outcome log, each model's composite score per task type, with a Beta
/// posterior whose prior comes from research. Everything is computed from the log, so a restart ranks exactly
/// as before; rate limits and outages never enter (the log records them, but as failures by class, not as a
/// failed task).
/// </summary>
/// <remarks>
/// Per outcome, a reward in 0..1 is the composite of that single run (its token-efficiency term normalised by the
/// best quality-per-token on the task type); a model's posterior is Beta(prior × k + Σ reward, (1 − prior) × k +
/// Σ(1 − reward)), k being <c>MODEL_PRIOR_WEIGHT</c> pseudo-outcomes (default 5). Two lucky runs move the mean a
/// little; forty good ones move it a lot.
/// </remarks>
internal static class ModelEvaluator
{
    public const double SuccessWeight = 0.4;
    public const double IterationWeight = 0.3;
    public const double CriticWeight = 0.2;
    public const double TokenWeight = 0.1;
    public const double UnknownPrior = 0.5;

    public static IReadOnlyList<ModelRank> Rank(
        IEnumerable<RecordedOutcome> outcomes,
        TaskType type,
        Func<string, double?> prior,
        double priorWeight)
    {
        var ofType = outcomes.Where(o => o.Type == type).ToList();
        var bestQualityPerToken = ofType.Count == 0 ? 0 : ofType.Max(QualityPerToken);
        return ofType
            .GroupBy(o => o.ModelKey, StringComparer.Ordinal)
            .Select(g => RankOne(g.Key, g.ToList(), bestQualityPerToken, prior(g.Key) ?? UnknownPrior, priorWeight))
            .OrderByDescending(r => r.PosteriorMean)
            .ThenByDescending(r => r.Samples)
            .ThenBy(r => r.ModelKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A model with no outcomes yet: the prior alone.</summary>
    public static ModelRank Unproven(string modelKey, double? prior, double priorWeight)
    {
        var p = prior ?? UnknownPrior;
        return new ModelRank(modelKey, 0, 0, 0, null, 0, 0, p, p * priorWeight, (1 - p) * priorWeight);
    }

    public static double Reward(RecordedOutcome outcome, double bestQualityPerToken) =>
        (SuccessWeight * (outcome.Success ? 1 : 0))
        + (IterationWeight * outcome.IterationEfficiency)
        + (CriticWeight * outcome.Quality)
        + (TokenWeight * (bestQualityPerToken <= 0 ? 0 : QualityPerToken(outcome) / bestQualityPerToken));

    private static ModelRank RankOne(string key, List<RecordedOutcome> runs, double bestQualityPerToken, double prior, double priorWeight)
    {
        var rewards = runs.Select(o => Reward(o, bestQualityPerToken)).ToList();
        var critic = runs.Where(o => o.CriticScore is not null).Select(o => o.CriticScore!.Value).ToList();
        var successRate = runs.Count(o => o.Success) / (double)runs.Count;
        var efficiency = runs.Average(o => o.IterationEfficiency);
        var criticMean = critic.Count == 0 ? (double?)null : critic.Average();
        var tokenEfficiency = bestQualityPerToken <= 0 ? 0 : runs.Average(QualityPerToken) / bestQualityPerToken;
        var composite = (SuccessWeight * successRate) + (IterationWeight * efficiency)
            + (CriticWeight * (criticMean ?? successRate)) + (TokenWeight * tokenEfficiency);
        return new ModelRank(key, runs.Count, successRate, efficiency, criticMean, tokenEfficiency, composite, prior,
            (prior * priorWeight) + rewards.Sum(), ((1 - prior) * priorWeight) + rewards.Sum(r => 1 - r));
    }

    private static double QualityPerToken(RecordedOutcome outcome) =>
        outcome.Tokens <= 0 ? 0 : (outcome.Success ? outcome.Quality : 0) / outcome.Tokens;
}
