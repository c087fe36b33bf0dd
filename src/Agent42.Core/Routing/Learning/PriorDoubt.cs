namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How far to trust a prior taken from a model's record on other task types: types are alike for most models, but a
/// specialist is great on its one type and poor elsewhere, and a world may group types differently from the code. So
/// the prior is a mixture: with probability <see cref="Share"/> the model's record elsewhere says nothing about this
/// type (a flat Beta(1,1) prior, as textbook Thompson has), else it holds. The mixture's weight is updated by the
/// model's own runs on the type, by their likelihood under each prior (Beta-Binomial, on the discounted composite
/// sums): a few runs that the related record did not predict move the weight to the flat prior, and the draw with
/// it, so a specialist its record elsewhere hides is still tried and found.
/// <para>
/// The mixture's prior weight is learned from the log (<see cref="Learn"/>): how often, over every record with a few
/// runs, the model's record elsewhere failed to predict its runs. A world of alike types learns a small share (the
/// related prior then holds, and the draws waste less on re-proving what other types showed); a world of specialists
/// a larger one. A single fixed share only traded such worlds against each other. Pure arithmetic on the sums, so a
/// restart gets the same figures.
/// </para>
/// </summary>
internal static class PriorDoubt
{
    /// <summary>The share a log with no evidence starts from, and what the learned share is shrunk towards.</summary>
    public const double Share = 0.25;

    /// <summary>Records of evidence (at <see cref="Share"/>) the learned share is shrunk by: a log of a few records stays near it.</summary>
    public const double ShrinkRecords = 4;

    /// <summary>
    /// The least the learned share may be: an alike world learns a share near zero, and then a specialist that
    /// appears later (or a model that improves on one type) would hardly ever get a flat-prior draw.
    /// </summary>
    public const double MinShare = 0.05;

    /// <summary>The most the learned share may be: the related prior keeps some say.</summary>
    public const double MaxShare = 0.9;

    /// <summary>The discounted runs a record needs on its type before its runs are evidence for <see cref="Learn"/>.</summary>
    public const double MinEvidenceWeight = 3;

    /// <summary>The probability, after the model's own (discounted) runs on the type, that the related prior does not hold.</summary>
    /// <param name="prior">The related prior.</param>
    /// <param name="reward">The summed rewards of the model's own runs on the type (discounted).</param>
    /// <param name="weight">What those runs are worth (discounted).</param>
    /// <param name="share">The mixture's prior weight on the flat prior (see <see cref="Learn"/>).</param>
    public static double Of(in RankPrior prior, double reward, double weight, double share = Share)
    {
        if (weight <= 1e-9)
        {
            return share;
        }

        var logOdds = Math.Log(share / (1 - share)) + LogBayesFactor(prior, reward, weight);
        return Sigmoid(logOdds);
    }

    /// <summary>
    /// How much better a flat Beta(1,1) prior predicted the runs than the related one did: ln of the ratio of their
    /// Beta-Binomial likelihoods.
    /// </summary>
    public static double LogBayesFactor(in RankPrior prior, double reward, double weight)
    {
        reward = Math.Clamp(reward, 0, weight);
        var (a, b) = (Math.Max(prior.Mean * prior.Weight, 1e-3), Math.Max((1 - prior.Mean) * prior.Weight, 1e-3));
        var related = LogBeta(a + reward, b + weight - reward) - LogBeta(a, b);
        var flat = LogBeta(1 + reward, 1 + weight - reward);
        return flat - related;
    }

    /// <summary>
    /// The share, learned from records' log Bayes factors (<see cref="LogBayesFactor"/>) by empirical Bayes: the share
    /// is the mean of the records' posterior probabilities that their related prior did not hold, each computed at
    /// that share, iterated to its fixed point (EM for a two-part mixture's weight), shrunk towards <see cref="Share"/>
    /// by <see cref="ShrinkRecords"/> and kept within <see cref="MinShare"/>..<see cref="MaxShare"/>. No records:
    /// <see cref="Share"/>. Deterministic in its input, so the same log learns the same share.
    /// </summary>
    public static double Learn(ReadOnlySpan<double> logBayesFactors)
    {
        var share = Share;
        for (var iteration = 0; iteration < 20 && !logBayesFactors.IsEmpty; iteration++)
        {
            var logit = Math.Log(share / (1 - share));
            var (sum, records) = (ShrinkRecords * Share, ShrinkRecords);
            foreach (var factor in logBayesFactors)
            {
                // A factor that is not a number says nothing; one share of NaN would make every draw's doubt NaN.
                if (!double.IsNaN(factor))
                {
                    (sum, records) = (sum + Sigmoid(logit + factor), records + 1);
                }
            }

            var next = Math.Clamp(sum / records, MinShare, MaxShare);
            var change = Math.Abs(next - share);
            share = next;
            if (change < 1e-4)
            {
                break;
            }
        }

        return share;
    }

    private static double Sigmoid(double logOdds) => logOdds > 40 ? 1 : logOdds < -40 ? 0 : 1 / (1 + Math.Exp(-logOdds));

    private static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln Γ(x) for x &gt; 0: shifted up to 8 by the recurrence, then Stirling's series (error under 1e-10).</summary>
    private static double LogGamma(double x)
    {
        var shift = 0.0;
        while (x < 8)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        var inv = 1 / x;
        var inv2 = inv * inv;
        var series = inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 * ((1.0 / 1260) - (inv2 / 1680))))));
        return shift + ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI)) + series;
    }
}
