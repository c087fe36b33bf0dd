namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Whether exploring a model can pay for itself: the knowledge gradient over a horizon, tried for several numbers of
/// runs at once (KG(*), Frazier and Powell, 2010). <c>m</c> runs of a model that trails the best posterior mean by a
/// gap cost about <c>m</c> times the gap; they are worth the rise they are expected to bring to the best mean (the
/// chance they show the model ahead, times by how much), reaped over the tasks that follow. A Thompson draw ignores
/// both: among many near-equal models it keeps spending the whole gap on draws whose outcomes, at the reward's noise,
/// cannot move a decision within the time the router remembers them. Several run counts are tried, not only one,
/// because one noisy run of a well-known model can almost never change the order while a few dozen can.
/// </summary>
internal static class ExplorationValue
{
    /// <summary>The mean the per-run noise is taken at is kept off 0 and 1, where a Beta's variance vanishes.</summary>
    private const double EdgeMean = 0.02;

    /// <summary>The tasks of a type over which what is learnt now still counts: one over what its decision record forgets per task.</summary>
    public static double Horizon(double discountRate) => 1 / Math.Max(1 - discountRate, 1e-9);

    /// <summary>Whether some number of the model's runs, up to the horizon, is expected to be worth what it costs.</summary>
    /// <param name="mean">The model's posterior mean on the type.</param>
    /// <param name="stdDev">Its posterior standard deviation.</param>
    /// <param name="trialsPerRun">How many coin flips one of its runs is worth (see <see cref="RewardSpread"/>).</param>
    /// <param name="bestOther">The best posterior mean of the other models.</param>
    /// <param name="horizon">The tasks of the type over which what is learnt now still counts.</param>
    public static bool Pays(double mean, double stdDev, double trialsPerRun, double bestOther, double horizon)
    {
        var gap = bestOther - mean;
        if (gap <= 0)
        {
            return true;
        }

        if (!(stdDev > 0))
        {
            // Nothing left to learn about it: its runs only cost.
            return false;
        }

        // No number of runs can move the mean further than the posterior's own spread, nor cost less than one gap.
        if (horizon * Gain(stdDev, gap) <= gap)
        {
            return false;
        }

        var variance = stdDev * stdDev;
        var at = Math.Clamp(mean, EdgeMean, 1 - EdgeMean);
        var noise = at * (1 - at) / Math.Max(trialsPerRun, 1e-3);
        for (var runs = 1.0; runs <= horizon; runs *= 2)
        {
            // How far the model's mean is expected to move after that many runs (the posterior's variance they remove).
            var moved = Math.Sqrt(variance - (1 / ((1 / variance) + (runs / noise))));
            if (!(moved > 0))
            {
                continue;
            }

            if ((horizon - runs) * Gain(moved, gap) > runs * gap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The expected rise of the best mean when a model's mean, <paramref name="gap"/> below it, moves by a normal spread of <paramref name="moved"/>.</summary>
    private static double Gain(double moved, double gap)
    {
        var z = -gap / moved;
        return moved * ((z * NormalCdf(z)) + NormalPdf(z));
    }

    public static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// The standard normal's distribution function, by Abramowitz and Stegun's 7.1.26 for erfc (absolute error below
    /// 1.5e-7): .NET has no erf, and a numerics package for one function a routing gate needs to three digits is not worth its weight.
    /// </summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var erfc = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429)))))))) * Math.Exp(-x * x);
        return z >= 0 ? 1 - (0.5 * erfc) : 0.5 * erfc;
    }
}
