namespace Agent42.Core.Routing.Learning;

/// <summary>
/// A model's Beta posterior on a task type, for the per-decision draw (a struct: a decision reads hundreds). When its
/// prior came from related types, it is a mixture (see <see cref="PriorDoubt"/>): with probability <see cref="Doubt"/>
/// the own runs under a flat prior (<see cref="OwnAlpha"/>, <see cref="OwnBeta"/>), else <see cref="Alpha"/>, <see cref="Beta"/>.
/// </summary>
/// <param name="Samples">Its raw outcomes on the type.</param>
/// <param name="Prior">The prior it includes.</param>
internal readonly record struct Posterior(double Alpha, double Beta, int Samples, RankPrior Prior)
{
    /// <summary>The probability that the prior does not hold for this model on this type; 0 unless it came from related types.</summary>
    public double Doubt { get; init; }

    /// <summary>The own runs' posterior under a flat prior, drawn from with probability <see cref="Doubt"/>.</summary>
    public double OwnAlpha { get; init; }

    public double OwnBeta { get; init; }

    /// <summary>
    /// Whether the model has no outcome on any other task type: nothing in the log but its own few runs here informs
    /// its draws, so only such a model is forced its first outcomes by the reserve, and only its first looks at a type
    /// are kept outside the exploration budget (see <see cref="TrialSelector.ReservePulls"/>).
    /// </summary>
    public bool UnknownElsewhere { get; init; }

    /// <summary>How much a probe should look at it (see <see cref="ModelShift.ProbePriority"/>).</summary>
    public double ProbePriority { get; init; }

    /// <summary>How many coin flips each of the model's runs on the type counts as (see <see cref="RewardSpread"/>); 1 when it has none.</summary>
    public double TrialsPerRun { get; init; } = 1;

    /// <summary>The mean were the prior known to hold: what the reserve judges a newcomer's promise by (doubt is explored within the cap).</summary>
    public double HeldMean => Alpha / (Alpha + Beta);

    public double HeldStdDev => Math.Sqrt(Variance(Alpha, Beta));

    public double Mean => Doubt <= 0 ? Alpha / (Alpha + Beta) : ((1 - Doubt) * (Alpha / (Alpha + Beta))) + (Doubt * (OwnAlpha / (OwnAlpha + OwnBeta)));

    public double StdDev => Doubt <= 0 ? Math.Sqrt(Variance(Alpha, Beta)) : Math.Sqrt(Math.Max(0, MixtureSecondMoment() - (Mean * Mean)));

    private double MixtureSecondMoment()
    {
        var (m1, m2) = (Alpha / (Alpha + Beta), OwnAlpha / (OwnAlpha + OwnBeta));
        return ((1 - Doubt) * (Variance(Alpha, Beta) + (m1 * m1))) + (Doubt * (Variance(OwnAlpha, OwnBeta) + (m2 * m2)));
    }

    private static double Variance(double a, double b) => a * b / ((a + b) * (a + b) * (a + b + 1));
}
