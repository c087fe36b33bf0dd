using Agent42.Core.Outcomes;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// One model's standing for one task type: the composite's terms over its outcomes, its research prior, and the
/// Beta posterior the ranking uses.
/// </summary>
/// <param name="ModelKey">The model.</param>
/// <param name="Samples">Outcomes recorded for it on this task type (raw; see <see cref="EffectiveSamples"/>).</param>
/// <param name="SuccessRate">Share of tasks approved.</param>
/// <param name="IterationEfficiency">Mean iteration efficiency (see <see cref="OutcomeRecord.IterationEfficiency"/>).</param>
/// <param name="CriticScore">Mean critic score over the outcomes that had one, or null.</param>
/// <param name="TokenEfficiency">Quality per token, as a share of the best model's for this task type.</param>
/// <param name="Composite">0.4 success + 0.3 iteration efficiency + 0.2 critic + 0.1 token efficiency.</param>
/// <param name="Prior">The prior: research's score when there is one, else the model's record on the related task types, else 0.5; with what it is worth.</param>
/// <param name="Alpha">The posterior's alpha: prior pseudo-successes plus the summed per-outcome composites.</param>
/// <param name="Beta">The posterior's beta.</param>
internal sealed record ModelRank(
    string ModelKey,
    int Samples,
    double SuccessRate,
    double IterationEfficiency,
    double? CriticScore,
    double TokenEfficiency,
    double Composite,
    RankPrior Prior,
    double Alpha,
    double Beta)
{
    /// <summary>What the discounted outcomes are worth in runs (at most <see cref="Samples"/>): old runs count for less.</summary>
    public double EffectiveSamples { get; init; }

    /// <summary>How much higher than its success the critic scores this model, relative to others (see <see cref="CriticCalibration"/>).</summary>
    public double CriticOffset { get; init; }

    /// <summary>
    /// How many times a change test dropped the history because recent runs disagreed with it: the record's own, or the
    /// model's across types (which cuts the history back to a few runs' worth, see <see cref="ModelShift"/>).
    /// </summary>
    public int Resets { get; init; }

    /// <summary>The posterior mean: what routing ranks on. Few runs stay close to the prior; many runs outweigh it.</summary>
    public double PosteriorMean => Alpha / (Alpha + Beta);

    /// <summary>The posterior's standard deviation: how uncertain the mean still is.</summary>
    public double PosteriorStdDev => Math.Sqrt(Alpha * Beta / ((Alpha + Beta) * (Alpha + Beta) * (Alpha + Beta + 1)));
}
