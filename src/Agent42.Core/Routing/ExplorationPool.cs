using Agent42.Core.Routing.Learning;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// The models one routing decision explores among: their posteriors on the type, the type's exploration budget, and
/// everything the decision works out from them before it draws (the best mean, which models could win a draw, which
/// may take a reserve pull). None of it depends on the draws, so a type's pool is kept for its next decision and
/// refilled only when its inputs change: the outcomes (their <see cref="OutcomeStats.Version"/>, bumped by every
/// outcome, a change-test reset included: the critic's calibration and the related types' priors mean an outcome of
/// any type can move this type's posteriors), the eligible models and the incumbent (a new
/// <see cref="EligibleOrder"/> after a rerank, a catalog change or a cooldown), and the priors (by reference). A
/// decision between outcomes then only draws. One decision at a time uses an instance (the selector lends it out).
/// </summary>
internal sealed class ExplorationPool
{
    private Posterior[] _posteriors = [];
    private double[] _means = [];
    private int[] _contenders = [];
    private bool[] _reserveOk = [];
    private bool[] _pays = [];
    private OutcomeStats? _stats;
    private long _version;
    private IReadOnlyList<string>? _keys;
    private Func<string, double?>? _prior;
    private double _priorWeight;

    /// <summary>How many models: the first <see cref="Count"/> of <see cref="Posteriors"/>.</summary>
    public int Count { get; private set; }

    public Posterior[] Posteriors => _posteriors;

    /// <summary>The index of the model the other layers chose, or -1 when it is not among them.</summary>
    public int Incumbent { get; private set; }

    public int Runs { get; private set; }

    public double Spent { get; private set; }

    public double Allowance { get; private set; }

    /// <summary>The best posterior mean, and the first model that has it (-1 when the pool is empty).</summary>
    public double Best { get; private set; }

    public int Exploit { get; private set; }

    /// <summary>The model a probe would look at (see <see cref="TrialSelector.ProbeShare"/>), or -1 when none is due.</summary>
    public int Probe { get; private set; }

    /// <summary>How many models could win a draw: the first of <see cref="Contender"/>, in pool order.</summary>
    public int Contenders { get; private set; }

    /// <summary>The pool index of the k-th model that could win a draw.</summary>
    public int Contender(int k) => _contenders[k];

    /// <summary>Whether the k-th contender may take a reserve pull (see <see cref="TrialSelector.ReservePulls"/>).</summary>
    public bool ReserveOk(int k) => _reserveOk[k];

    public double Mean(int index) => _means[index];

    /// <summary>
    /// Whether exploring the model at that pool index can pay for itself over the type's horizon (see
    /// <see cref="ExplorationValue"/>); false for a model that cannot win a draw.
    /// </summary>
    public bool Pays(int index) => _pays[index];

    /// <summary>Whether the pool holds what <see cref="Fill"/> would put in it now for these inputs.</summary>
    public bool IsFor(OutcomeStats outcomes, IReadOnlyList<string> keys, int incumbent, Func<string, double?> prior, double priorWeight) =>
        ReferenceEquals(_stats, outcomes) && _version == outcomes.Version && ReferenceEquals(_keys, keys) && Incumbent == incumbent
        && ReferenceEquals(_prior, prior) && _priorWeight == priorWeight;

    /// <summary>Works the pool out afresh for <paramref name="keys"/> (their posteriors read under one lock of the outcomes).</summary>
    public void Fill(TaskType type, IReadOnlyList<string> keys, int incumbent, OutcomeStats outcomes, Func<string, double?> prior, RoutingOptions options,
        in PruneRule rule)
    {
        var count = keys.Count;
        if (_posteriors.Length < count)
        {
            var size = Math.Max(count, 2 * _posteriors.Length);
            (_posteriors, _means, _contenders, _reserveOk, _pays) = (new Posterior[size], new double[size], new int[size], new bool[size], new bool[size]);
        }

        // The version first: an outcome recorded while the pool is filled leaves it stale, so the next decision refills it.
        var version = outcomes.Version;
        outcomes.Posteriors(type, keys, prior, options.PriorWeight, _posteriors.AsSpan(0, count));
        var (runs, _, spent) = outcomes.Exploration(type);
        var horizon = ExplorationValue.Horizon(outcomes.DecisionDiscount(type).Rate);
        (Count, Incumbent, Runs, Spent, Allowance) = (count, incumbent, runs, spent, TrialSelector.Allowance(options, runs));
        (_stats, _version, _keys, _prior, _priorWeight) = (outcomes, version, keys, prior, options.PriorWeight);

        // The best mean, and the best of the others once the first model that has it is left out (a tie counts).
        var (best, second) = (double.MinValue, double.MinValue);
        var bestLower = double.MinValue;
        var established = false;
        for (var i = 0; i < count; i++)
        {
            var p = _posteriors[i];
            var mean = _means[i] = p.Mean;
            second = mean > best ? best : Math.Max(second, mean);
            (best, bestLower) = (Math.Max(best, mean), Math.Max(bestLower, mean - (rule.LowerZ * p.StdDev)));
            established |= p.Samples >= TrialSelector.ReservePulls;
        }

        Exploit = -1;
        for (var i = 0; i < count && Exploit < 0; i++)
        {
            Exploit = _means[i] == best ? i : -1;
        }

        Best = best;
        var contenders = 0;
        for (var i = 0; i < count; i++)
        {
            var p = _posteriors[i];
            if (_means[i] + (rule.UpperZ * p.StdDev) < bestLower)
            {
                _pays[i] = false;
                continue;
            }

            _contenders[contenders] = i;
            _reserveOk[contenders] = established && p.Samples < TrialSelector.ReservePulls && p.UnknownElsewhere && i != incumbent
                && p.HeldMean + ((p.Samples == 0 ? rule.PromisingZ : rule.StillPromisingZ) * p.HeldStdDev) >= best;
            // Against the best of the others: the best mean itself always pays (exploiting it costs nothing).
            _pays[i] = ExplorationValue.Pays(_means[i], p.StdDev, p.TrialsPerRun, i == Exploit ? second : best, horizon);
            contenders++;
        }

        Contenders = contenders;
        Probe = -1;
        if (options.TrialPercentage > 0 && outcomes.ProbeDue(TrialSelector.ProbeEvery(options)))
        {
            var top = double.MinValue;
            for (var i = 0; i < count; i++)
            {
                var p = _posteriors[i];
                var priority = p.ProbePriority;
                if (i != incumbent && i != Exploit && priority >= OutcomeStats.ProbeLeft && _means[i] + p.StdDev >= best - TrialSelector.ProbeMaxGap && priority > top)
                {
                    (Probe, top) = (i, priority);
                }
            }
        }
    }
}
