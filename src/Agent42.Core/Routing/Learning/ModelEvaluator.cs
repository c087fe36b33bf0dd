using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// The plan's model evaluator: from the outcome log, each model's composite score per task type, with a Beta
/// posterior whose prior comes from research. Everything is computed from the log, so a restart ranks exactly
/// as before; rate limits and outages never enter (the log records them, but as failures by class, not as a
/// failed task).
/// </summary>
/// <remarks>
/// Per outcome, a reward in 0..1 is the composite of that single run (its token-efficiency term normalised by the
/// 90th percentile of the type's quality per token, capped at 1); a model's posterior is Beta(prior × k + Σ reward, (1 − prior) × k +
/// Σ(1 − reward)), k being <c>MODEL_RESEARCH_PRIOR_WEIGHT</c> pseudo-outcomes (default 5), the sums discounted so
/// old runs count for less. Two lucky runs move the mean a little; forty good ones move it a lot. Without research,
/// the prior is the model's record on the related task types (see <see cref="TaskTypeGroups"/>, <see cref="OutcomeStats"/>).
/// </remarks>
internal static class ModelEvaluator
{
    public const double SuccessWeight = 0.4;
    public const double IterationWeight = 0.3;
    public const double CriticWeight = 0.2;
    public const double TokenWeight = 0.1;
    public const double UnknownPrior = 0.5;

    /// <summary>The default of <c>MODEL_RESEARCH_PRIOR_WEIGHT</c>.</summary>
    public const double DefaultPriorWeight = 5;

    public static IReadOnlyList<ModelRank> Rank(
        IEnumerable<OutcomeRecord> outcomes,
        TaskType type,
        Func<string, double?> prior,
        double priorWeight) =>
        OutcomeStats.From(outcomes.Where(o => o.Type == type)).Ranks(type, prior, priorWeight);

    /// <summary>A model with no outcomes yet: the prior alone.</summary>
    public static ModelRank Unproven(string modelKey, double? prior, double priorWeight) =>
        Unproven(modelKey, prior is { } p ? new RankPrior(p, priorWeight, RankPrior.Research) : new RankPrior(UnknownPrior, priorWeight, RankPrior.None));

    /// <summary>A model with no outcomes yet on the type: the given prior alone.</summary>
    public static ModelRank Unproven(string modelKey, RankPrior prior) =>
        new(modelKey, 0, 0, 0, null, 0, 0, prior, prior.Mean * prior.Weight, (1 - prior.Mean) * prior.Weight);
}
