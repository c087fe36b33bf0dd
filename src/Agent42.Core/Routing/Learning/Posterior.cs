namespace Agent42.Core.Routing.Learning;

/// <summary>A model's Beta posterior on a task type, for the per-decision draw (a struct: a decision reads hundreds).</summary>
/// <param name="Samples">Its raw outcomes on the type.</param>
/// <param name="Prior">The prior it includes.</param>
internal readonly record struct Posterior(double Alpha, double Beta, int Samples, RankPrior Prior)
{
    public double Mean => Alpha / (Alpha + Beta);

    public double StdDev => Math.Sqrt(Alpha * Beta / ((Alpha + Beta) * (Alpha + Beta) * (Alpha + Beta + 1)));
}
