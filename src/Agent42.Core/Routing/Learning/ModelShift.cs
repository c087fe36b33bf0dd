namespace Agent42.Core.Routing.Learning;

/// <summary>
/// One model's upward change test pooled over every task type, and how long the router has left it: what probes
/// (see <see cref="TrialSelector.ProbeShare"/>) are aimed by. The test is a one-sided CUSUM of the model's rewards
/// against its decision record's mean on each run's type, fed only by the runs it gets where it trails (a small share
/// of the type's recent tasks). A provider that swaps in a better build improves the model on every type at once,
/// while the router, having left the model, looks at it only now and then, on one type or another: a record's own
/// test sees one type's few looks and needs a few dozen of them; pooled, the looks on all types count. When the test
/// fires, the model's records on every type lapse to a few runs' worth (see <see cref="ModelRecord.Lapse"/>), so the
/// decisions look at it again where it was left and what it shows now decides. Its runs where it is the incumbent are
/// not tested: an upward shift there changes no decision, and a false alarm would send every type back to exploring.
/// </summary>
internal sealed class ModelShift
{
    // In reward units, like the record's own test. A run that beats the record's mean by less than the slack is noise.
    // The threshold is lower than the record's (5) because the runs it sees are rare looks: a false alarm costs a few
    // looks on each type, about one in several hundred looks at a steady model (fewer, the higher its rate), and a
    // model 0.4 better is caught in about eight of them.
    public const double Slack = 0.15;
    public const double Threshold = 2.0;

    /// <summary>The test reads a record only once it is worth this many runs on the decision's clock: a mean of fewer says too little.</summary>
    public const double MinWeightToTest = 3;

    /// <summary>A model with more than this share of a type's recent (rank-discounted) tasks is not trailing there.</summary>
    public const double TrailingShare = 0.2;

    /// <summary>
    /// What a unit of the test's statistic adds to the model's probe priority, in outcomes of the log: a look that beat
    /// its record by 0.4 keeps the model due for the next probe (about 500) although it was just run, so a changed
    /// model's probes follow each other at the probes' rate until the test fires; one that fell short drops it back.
    /// Half this (1,000) left a changed model waiting (adopted after 112 tasks of its type instead of 46, in issue 13's
    /// sudden-improver world with probes taken for sure when due); twice (4,000, in an earlier build) spent the probes
    /// on steady models' lucky runs.
    /// </summary>
    public const double Boost = 2000;

    private double _up;

    /// <summary>The log's index of the model's last outcome on any type, or -1 for none.</summary>
    public long LastRun { get; set; } = -1;

    /// <summary>How much a probe should look at the model now: the outcomes since its last run, plus its test's statistic in outcomes.</summary>
    public double ProbePriority(long count) => LastRun < 0 ? 0 : count - LastRun + (_up * Boost);

    /// <summary>Takes one trailing run's reward above its record's mean; true when the test fires (and restarts).</summary>
    public bool Step(double excess)
    {
        _up = Math.Max(0, _up + excess - Slack);
        if (_up <= Threshold)
        {
            return false;
        }

        _up = 0;
        return true;
    }
}
