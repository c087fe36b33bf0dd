namespace Agent42.Core.Routing.Learning;

/// <summary>
/// One model's record on one task type: its discounted sums, and a two-sided CUSUM test of each new run's reward
/// against the record's mean so far. When the recent runs disagree with the history (the cumulative shortfall, or
/// excess, beyond a slack passes a threshold), the history is dropped and the record restarts from the runs since
/// the CUSUM last stood at zero, its estimate of where the change began. Exponential forgetting alone would take
/// hundreds of tasks to leave an incumbent whose provider swapped in a worse build; this takes a few dozen runs.
/// </summary>
internal sealed class ModelRecord
{
    // The test works in reward units (0..1; a run's reward has a spread of about 0.35). A shift smaller than the
    // slack is left to forgetting; the threshold keeps false alarms to about one in a few thousand runs of a steady
    // model while a drop of 0.3 (a 35-point fall in success) is caught in about 30 of its runs.
    private const double Slack = 0.15;
    private const double Threshold = 5.0;

    // The test starts once the record is worth this many runs: a mean of fewer says too little to test against.
    private const double MinWeightToTest = 5;

    public int Runs { get; private set; }

    /// <summary>How many times the change test dropped this record's history.</summary>
    public int Resets { get; private set; }

    /// <summary>How many times the model's test across types cut this record back (see <see cref="Lapse"/>); not counted when it held no more.</summary>
    public int Lapses { get; private set; }

    public OutcomeSums Sums { get; } = new();

    /// <summary>The same runs discounted by the type's decision clock (see <see cref="OutcomeStats.DecisionForgetting"/>).</summary>
    public OutcomeSums DecisionSums { get; } = new();

    /// <summary>The model's critic calibration, shared by its records on every type.</summary>
    public CriticCalibration.Entry? Calibration { get; init; }

    private readonly OutcomeSums _sinceDownZero = new();
    private readonly OutcomeSums _sinceUpZero = new();
    private double _down;
    private double _up;

    /// <summary>Adds a run; true when the change test fired and the record now holds only the recent runs.</summary>
    /// <param name="decisionWeight">The run's weight on the decision clock.</param>
    /// <param name="toDecisionUnits">Converts a sum on the rank clock into the decision clock's units (the ratio of their read scales).</param>
    public bool Add(in RunTerms run, double weight, double readScale, double decisionWeight, double toDecisionUnits)
    {
        Runs++;
        var tested = Sums.Weight * readScale >= MinWeightToTest;
        if (tested)
        {
            var mean = Sums.Reward / Sums.Weight;
            _down = Step(_down, mean - run.Reward, _sinceDownZero, run, weight);
            _up = Step(_up, run.Reward - mean, _sinceUpZero, run, weight);
        }

        Sums.Add(run, weight);
        DecisionSums.Add(run, decisionWeight);
        if (!tested || (_down <= Threshold && _up <= Threshold))
        {
            return false;
        }

        Sums.CopyFrom(_down > Threshold ? _sinceDownZero : _sinceUpZero);
        // The runs since the change are recent, so both discounts weigh them alike: the decision's record restarts from them too.
        DecisionSums.CopyFrom(Sums);
        DecisionSums.Scale(toDecisionUnits);
        (_down, _up) = (0, 0);
        _sinceDownZero.Clear();
        _sinceUpZero.Clear();
        Resets++;
        return true;
    }

    public void ScaleDecision(double factor) => DecisionSums.Scale(factor);

    /// <summary>
    /// Keeps at most <paramref name="runs"/> runs' worth of the history, its means unchanged: the model's test across
    /// types (see <see cref="ModelShift"/>) says the model changed, so the record should be looked at again, not trusted.
    /// </summary>
    /// <param name="readScale">The rank clock's read scale.</param>
    /// <param name="decisionReadScale">The decision clock's.</param>
    public void Lapse(double runs, double readScale, double decisionReadScale)
    {
        var (worth, decisionWorth) = (Sums.Weight * readScale, DecisionSums.Weight * decisionReadScale);
        if (worth <= runs && decisionWorth <= runs)
        {
            return;
        }

        Scale(Math.Min(1, runs / worth));
        ScaleDecision(Math.Min(1, runs / decisionWorth));
        Lapses++;
    }

    public void Scale(double factor)
    {
        Sums.Scale(factor);
        _sinceDownZero.Scale(factor);
        _sinceUpZero.Scale(factor);
    }

    private static double Step(double cusum, double deviation, OutcomeSums since, in RunTerms run, double weight)
    {
        var next = cusum + deviation - Slack;
        if (next <= 0)
        {
            since.Clear();
            return 0;
        }

        since.Add(run, weight);
        return next;
    }
}
