namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How many Bernoulli trials a model's runs on a type are worth. A run's reward is a composite in 0..1 (success,
/// iterations, the critic's score, tokens), and the Beta posterior counts each run as one trial of a coin with the
/// reward's mean, whose variance is mean × (1 − mean): the most a 0..1 score can have. A composite that varies less
/// (fractional scores that cluster) says more per run, so a posterior that counts runs one for one is too wide and
/// explores a settled question again and again. The runs are worth mean × (1 − mean) / variance trials each: the
/// observed variance shrunk towards the coin's by <see cref="ShrinkRuns"/> pseudo-runs (two runs that happen to
/// agree prove little), and at most <see cref="MaxFactor"/> trials per run. From discounted sums of the rewards and
/// their squares, in log order: a restart gets the same figures.
/// </summary>
internal static class RewardSpread
{
    /// <summary>Pseudo-runs of the coin's variance the observed one is shrunk towards.</summary>
    public const double ShrinkRuns = 4;

    /// <summary>The most trials one run is worth.</summary>
    public const double MaxFactor = 4;

    /// <summary>Trials per run, 1..<see cref="MaxFactor"/>.</summary>
    /// <param name="reward">The summed rewards (discounted).</param>
    /// <param name="squares">The summed squared rewards, on the same discount.</param>
    /// <param name="weight">What the runs are worth (discounted).</param>
    public static double Factor(double reward, double squares, double weight)
    {
        if (weight <= 1e-9)
        {
            return 1;
        }

        var mean = Math.Clamp(reward / weight, 0, 1);
        var coin = mean * (1 - mean);
        if (coin <= 1e-9)
        {
            return 1;
        }

        var observed = Math.Max(0, (squares / weight) - (mean * mean));
        var shrunk = ((weight * observed) + (ShrinkRuns * coin)) / (weight + ShrinkRuns);
        return Math.Clamp(coin / shrunk, 1, MaxFactor);
    }
}
