namespace Agent42.Core.Routing.Learning;

/// <summary>Draws from Beta distributions (through two Gamma draws, Marsaglia and Tsang's method).</summary>
/// <remarks>A struct over its source, so a routing decision that draws allocates nothing for it.</remarks>
internal readonly struct BetaSampler(Random random)
{
    private readonly Random _random = random;

    public double Sample(double alpha, double beta)
    {
        var x = Gamma(alpha);
        var y = Gamma(beta);
        return x + y <= 0 ? 0.5 : x / (x + y);
    }

    /// <summary>A draw from the posterior, from its flat-prior part with the probability its prior is in doubt.</summary>
    public double Sample(in Posterior p) =>
        p.Doubt > 0 && _random.NextDouble() < p.Doubt ? Sample(p.OwnAlpha, p.OwnBeta) : Sample(p.Alpha, p.Beta);

    /// <summary>The probability that a draw from the first posterior beats a draw from the second, by simulation.</summary>
    public double ProbabilityGreater(double alpha1, double beta1, double alpha2, double beta2, int draws = 4000)
    {
        var wins = 0;
        for (var i = 0; i < draws; i++)
        {
            if (Sample(alpha1, beta1) > Sample(alpha2, beta2))
            {
                wins++;
            }
        }

        return (double)wins / draws;
    }

    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            // Boost small shapes: Gamma(a) = Gamma(a + 1) * U^(1/a).
            return Gamma(shape + 1) * Math.Pow(_random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = _random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    private double Normal()
    {
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
