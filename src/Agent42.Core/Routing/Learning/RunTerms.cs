using Agent42.Core.Outcomes;

namespace Agent42.Core.Routing.Learning;

/// <summary>One run's composite terms and the reward (their weighted sum, 0..1) the posterior learns from.</summary>
/// <param name="Token">Quality per token as a share of the type's 90th percentile then, capped at 1.</param>
internal readonly record struct RunTerms(double Success, double Efficiency, double Quality, double Token, double? Critic)
{
    public double Reward => (ModelEvaluator.SuccessWeight * Success) + (ModelEvaluator.IterationWeight * Efficiency)
        + (ModelEvaluator.CriticWeight * Quality) + (ModelEvaluator.TokenWeight * Token);

    public static RunTerms Of(OutcomeRecord outcome, double tokenShare) =>
        new(outcome.Success ? 1 : 0, outcome.IterationEfficiency, outcome.Quality, tokenShare, outcome.CriticScore);
}
