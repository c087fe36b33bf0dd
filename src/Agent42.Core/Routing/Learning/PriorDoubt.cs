namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How far to trust a prior taken from a model's record on other task types: types are alike for most models, but a
/// specialist is great on its one type and poor elsewhere, and a world may group types differently from the code. So
/// the prior is a mixture: with probability <see cref="Share"/> the model's record elsewhere says nothing about this
/// type (a flat Beta(1,1) prior, as textbook Thompson has), else it holds. The mixture's weight is updated by the
/// model's own runs on the type, by their likelihood under each prior (Beta-Binomial, on the discounted composite
/// sums): a few runs that the related record did not predict move the weight to the flat prior, and the draw with
/// it, so a specialist its record elsewhere hides is still tried and found. Pure arithmetic on the sums, so a restart
/// gets the same figures.
/// </summary>
internal static class PriorDoubt
{
    /// <summary>The prior probability that a model's record on other types does not carry over to a type.</summary>
    public const double Share = 0.25;

    /// <summary>The probability, after the model's own (discounted) runs on the type, that the related prior does not hold.</summary>
    /// <param name="prior">The related prior.</param>
    /// <param name="reward">The summed rewards of the model's own runs on the type (discounted).</param>
    /// <param name="weight">What those runs are worth (discounted).</param>
    public static double Of(in RankPrior prior, double reward, double weight)
    {
        if (weight <= 1e-9)
        {
            return Share;
        }

        reward = Math.Clamp(reward, 0, weight);
        var (a, b) = (Math.Max(prior.Mean * prior.Weight, 1e-3), Math.Max((1 - prior.Mean) * prior.Weight, 1e-3));
        var related = LogBeta(a + reward, b + weight - reward) - LogBeta(a, b);
        var flat = LogBeta(1 + reward, 1 + weight - reward);
        var logOdds = Math.Log(Share / (1 - Share)) + flat - related;
        return logOdds > 40 ? 1 : logOdds < -40 ? 0 : 1 / (1 + Math.Exp(-logOdds));
    }

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
