using System.Runtime.InteropServices;
using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// What the outcome log says per (task type, model), kept up to date line by line in O(1): exponentially discounted
/// sums (each outcome of a type weighs <see cref="Forgetting"/> less with every later outcome of that type, so a
/// record is worth at most about 330 runs and an old one fades back to its prior), a change test per record (see
/// <see cref="ModelRecord"/>), the token term's 90th-percentile normaliser (<see cref="TokenQuantile"/>), and how
/// alike the types are (<see cref="TypeAlikeness"/>, learned from the same records), which gives a model its prior on
/// a type it has not shown much on. Everything follows the log's order and nothing else (no clock), so the same log
/// gives the same ranks. Thread-safe.
/// </summary>
internal sealed class OutcomeStats : IOutcomeTally
{
    /// <summary>Per outcome of the type: a half-life of about 230 of the type's tasks.</summary>
    public const double Forgetting = 0.997;

    /// <summary>
    /// The probe priority (see <see cref="ModelShift.ProbePriority"/>: outcomes of the log since the model's last run on
    /// any type, more after a look that beat its record) at which a model is due a probe, and at which a run of it
    /// counts as one. About 40 tasks of each of twelve even types: at twice that (1,000, in an earlier build), a
    /// model that had improved was adopted 40% later in issue 13's sudden-improver world.
    /// </summary>
    public const int ProbeLeft = 500;

    /// <summary>Whether at least <paramref name="every"/> outcomes have been logged since the last probe (a run of a model due one).</summary>
    public bool ProbeDue(int every)
    {
        lock (_gate)
        {
            return Count - _lastProbe >= every;
        }
    }

    /// <summary>
    /// What a model's record on each type is cut back to when its test across types says it changed (see
    /// <see cref="ModelShift"/>): its old mean worth this many runs, which a few looks outweigh; the test reads only
    /// records worth at least this much.
    /// </summary>
    public const double LapseRuns = 3;

    // A Beta's shapes stay positive whatever the critic's correction takes away.
    private const double MinShape = 1e-3;

    /// <summary>
    /// What the decision's draws discount by, per outcome of a type with an even share of the traffic (one in twelve):
    /// a half-life of about 1,400 of the type's tasks. A busier type forgets slower per task, a rarer one faster (see
    /// <see cref="TrafficForgetting"/>).
    /// The ranks' <see cref="Forgetting"/> makes a record worth at most about 330 runs, so every model the router left
    /// fades back to its prior within a few hundred tasks and is drawn again: in a steady world with ten models that
    /// re-exploration was most of the router's regret on a busy type (issue 13's held-out simulation), where textbook
    /// Thompson's, which never forgets, keeps falling. Abrupt change is the change test's (it restarts both records);
    /// this slower forgetting is left for drift.
    /// </summary>
    public const double DecisionForgetting = 0.9995;

    private readonly Lock _gate = new();
    private readonly TypeState[] _types = Enum.GetValues<TaskType>().Select(_ => new TypeState()).ToArray();
    private readonly List<DateTimeOffset> _recordedAt = [];
    private readonly CriticCalibration _critic = new();
    private readonly Dictionary<string, ModelRecord?[]> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeAlikeness.Cell[]> _cells = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelShift> _shifts = new(StringComparer.Ordinal);
    private long _lastProbe;
    private readonly TypeAlikeness _alikeness = new();
    private readonly List<double> _doubtEvidence = [];
    private long _alikeVersion = -1;
    private double _doubtShare = PriorDoubt.Share;

    public static OutcomeStats From(IEnumerable<OutcomeRecord> outcomes)
    {
        var stats = new OutcomeStats();
        foreach (var outcome in outcomes)
        {
            stats.Add(outcome);
        }

        return stats;
    }

    public int Count { get; private set; }

    /// <summary>Bumped by every outcome taken in: what a decision's kept posteriors are checked against (see <see cref="ExplorationPool"/>).</summary>
    public long Version => Volatile.Read(ref _version);

    private long _version;

    public void Add(OutcomeRecord outcome)
    {
        lock (_gate)
        {
            var type = _types[(int)outcome.Type];
            if (outcome.IsTrial)
            {
                // What the exploration gave up, by the record as it stood when the task was routed: the budget check
                // reads the same figure after a restart.
                type.Spent += ExplorationCost(outcome.Type, outcome.ModelKey);
            }

            type.Runs++;
            type.Trials += outcome.IsTrial ? 1 : 0;
            if (type.Clock.Advance() is { } factor)
            {
                foreach (var record in type.Models.Values)
                {
                    record.Scale(factor);
                }

                type.Weight *= factor;
            }

            // Count + 1: this outcome is in the type's runs already, and the log's count is bumped below.
            if (type.DecisionClock.Advance(TrafficForgetting.Rate(DecisionForgetting, type.Runs, Count + 1, _types.Length)) is { } decisionFactor)
            {
                foreach (var record in type.Models.Values)
                {
                    record.ScaleDecision(decisionFactor);
                }
            }

            var qualityPerToken = outcome.Tokens <= 0 || !outcome.Success ? 0 : outcome.Quality / outcome.Tokens;
            if (qualityPerToken > 0)
            {
                type.Tokens.Add(qualityPerToken);
            }

            var run = RunTerms.Of(outcome, type.Tokens.Share(qualityPerToken));
            if (!type.Models.TryGetValue(outcome.ModelKey, out var model))
            {
                type.Models[outcome.ModelKey] = model = new ModelRecord { Calibration = _critic.For(outcome.ModelKey) };
                if (!_byModel.TryGetValue(outcome.ModelKey, out var row))
                {
                    _byModel[outcome.ModelKey] = row = new ModelRecord?[_types.Length];
                    _cells[outcome.ModelKey] = new TypeAlikeness.Cell[_types.Length];
                    _shifts[outcome.ModelKey] = new ModelShift();
                }

                row[(int)outcome.Type] = model;
            }

            var shift = _shifts[outcome.ModelKey];
            if (shift.LastRun >= 0 && shift.ProbePriority(Count) >= ProbeLeft)
            {
                // A run of a model due a probe is one, whichever way it was routed: the next waits its turn after it.
                _lastProbe = Count;
            }

            shift.LastRun = Count;
            var readScale = type.Clock.ReadScale;
            // Read before the run is added: the test asks whether it beats the record as it stood. Against the decision's
            // record, which forgets slowly: the ranks' record of a model left for a few hundred tasks is worth almost nothing.
            var decision = model.DecisionSums;
            var trailing = decision.Weight * type.DecisionClock.ReadScale >= ModelShift.MinWeightToTest && model.Sums.Weight < ModelShift.TrailingShare * type.Weight;
            var excess = trailing ? run.Reward - (decision.Reward / decision.Weight) : 0;
            _ = model.Add(run, type.Clock.AddWeight, readScale, type.DecisionClock.AddWeight, readScale / type.DecisionClock.ReadScale);
            type.Weight += type.Clock.AddWeight;
            if (trailing && shift.Step(excess))
            {
                Lapse(_byModel[outcome.ModelKey]);
            }

            _critic.Add(model.Calibration!, run);
            _recordedAt.Add(outcome.RecordedAt);
            Count++;
            Volatile.Write(ref _version, _version + 1);
        }
    }

    /// <summary>Cuts a model's record on every type back to <see cref="LapseRuns"/> runs' worth (see <see cref="ModelShift"/>). Under the lock.</summary>
    private void Lapse(ModelRecord?[] row)
    {
        for (var t = 0; t < row.Length; t++)
        {
            row[t]?.Lapse(LapseRuns, _types[t].Clock.ReadScale, _types[t].DecisionClock.ReadScale);
        }
    }

    /// <summary>
    /// Outcomes recorded after <paramref name="since"/>, counted up to <paramref name="atMost"/>. The log is in time
    /// order, so only the recent end is walked: reranking asks this after every task, and needs to know only whether
    /// the count has reached its threshold (without the cap, a log with no rerank yet was walked whole per outcome).
    /// </summary>
    public int CountRecordedAfter(DateTimeOffset since, int atMost = int.MaxValue)
    {
        lock (_gate)
        {
            var count = 0;
            for (var i = _recordedAt.Count - 1; i >= 0 && count < atMost && _recordedAt[i] > since; i--)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>Tasks of the type so far, and how many of them were trials.</summary>
    public (int Runs, int Trials) Totals(TaskType type)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            return (t.Runs, t.Trials);
        }
    }

    /// <summary>
    /// Tasks of the type so far, how many explored, and the exploration's expected cost: per exploring task, how far
    /// the chosen model's posterior mean then stood below the best one's.
    /// </summary>
    public (int Runs, int Trials, double Spent) Exploration(TaskType type)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            return (t.Runs, t.Trials, t.Spent);
        }
    }

    /// <summary>A model's standing on a type; <see cref="ModelEvaluator.Unproven(string, RankPrior)"/> when it has no outcomes there.</summary>
    public ModelRank Rank(TaskType type, string model, double? prior, double priorWeight)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            var record = t.Models.GetValueOrDefault(model);
            var effective = PriorOf(type, model, prior, priorWeight);
            return record is not null ? ToRank(model, record, t.Clock.ReadScale, effective) : ModelEvaluator.Unproven(model, effective);
        }
    }

    /// <summary>
    /// The posteriors of many models on a type under one lock, for a routing decision, into <paramref name="into"/> in
    /// order: on the decision clock's sums (<see cref="DecisionForgetting"/>), the critic's partiality taken out, each run
    /// counted by its reward's spread (<see cref="RewardSpread"/>), a related prior held in doubt.
    /// </summary>
    public void Posteriors(TaskType type, IReadOnlyList<string> models, Func<string, double?> prior, double priorWeight, Span<Posterior> into)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            var scale = t.DecisionClock.ReadScale;
            for (var i = 0; i < models.Count; i++)
            {
                var record = t.Models.GetValueOrDefault(models[i]);
                var p = PriorOf(type, models[i], prior(models[i]), priorWeight);
                var (reward, weight, trials) = record is null ? (0.0, 0.0, 1.0) : DecisionEvidence(record, scale);
                var (alpha, beta) = ((p.Mean * p.Weight) + reward, ((1 - p.Mean) * p.Weight) + weight - reward);
                into[i] = new Posterior(Math.Max(alpha, MinShape), Math.Max(beta, MinShape), record?.Runs ?? 0, p)
                {
                    Doubt = p.Source is RankPrior.None or RankPrior.Research ? 0 : PriorDoubt.Of(p, reward, weight, _doubtShare),
                    OwnAlpha = 1 + reward,
                    OwnBeta = 1 + weight - reward,
                    TrialsPerRun = trials,
                    UnknownElsewhere = UnknownElsewhere(models[i], type),
                    ProbePriority = _shifts.TryGetValue(models[i], out var shift) ? shift.ProbePriority(Count) : 0,
                };
            }
        }
    }

    /// <summary>
    /// A record's runs as the decision counts them: on the decision clock's sums (<paramref name="scale"/>), the critic's
    /// partiality taken out, each run worth as many coin flips as its reward's spread says (see <see cref="RewardSpread"/>).
    /// Under the lock.
    /// </summary>
    private (double Reward, double Weight, double TrialsPerRun) DecisionEvidence(ModelRecord record, double scale)
    {
        var sums = record.DecisionSums;
        var weight = sums.Weight * scale;
        var reward = Math.Clamp((sums.Reward * scale) - CriticCorrection(record, sums, scale), 0, weight);
        var trials = RewardSpread.Factor(sums.Reward, sums.RewardSquares, sums.Weight);
        return (reward * trials, weight * trials, trials);
    }

    /// <summary>
    /// For <c>routing explain</c>: the share of a decision's draws that ignore a prior from other types at first (see
    /// <see cref="PriorDoubt.Learn"/>), and how many (model, type) records it was learned from.
    /// </summary>
    public (double Share, int Records) DoubtShare()
    {
        lock (_gate)
        {
            Refresh();
            return (_doubtShare, _doubtEvidence.Count);
        }
    }

    /// <summary>Whether the model has no outcome on a type other than <paramref name="type"/>. Under the lock.</summary>
    private bool UnknownElsewhere(string model, TaskType type)
    {
        if (!_byModel.TryGetValue(model, out var row))
        {
            return true;
        }

        for (var t = 0; t < row.Length; t++)
        {
            if (t != (int)type && row[t] is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For <c>routing explain</c>: what the type's decision record was last discounted by per task, and the type's share of the log.</summary>
    public (double Rate, double Share) DecisionDiscount(TaskType type)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            return t.Runs == 0 ? (DecisionForgetting, 0) : (t.DecisionClock.LastRate, (double)t.Runs / Count);
        }
    }

    /// <summary>For <c>routing explain</c>: the type's offset and its spread around each model's level, in its group and among all types.</summary>
    public (double Offset, double GroupSpread, double AllSpread) Alikeness(TaskType type)
    {
        lock (_gate)
        {
            Refresh();
            return (_alikeness.Offset(type), Math.Sqrt(_alikeness.Variance(type, all: false)), Math.Sqrt(_alikeness.Variance(type, all: true)));
        }
    }

    /// <summary>Every model with outcomes on the type, best posterior first.</summary>
    public IReadOnlyList<ModelRank> Ranks(TaskType type, Func<string, double?> prior, double priorWeight)
    {
        lock (_gate)
        {
            var t = _types[(int)type];
            var scale = t.Clock.ReadScale;
            return t.Models
                .Select(p => ToRank(p.Key, p.Value, scale, PriorOf(type, p.Key, prior(p.Key), priorWeight)))
                .OrderByDescending(r => r.PosteriorMean)
                .ThenByDescending(r => r.Samples)
                .ThenBy(r => r.ModelKey, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>
    /// Research's score when there is one, worth k (<c>MODEL_RESEARCH_PRIOR_WEIGHT</c>); else the model's record on
    /// its other types, weighed by how alike the log shows them to be (<see cref="TypeAlikeness"/>: strong where every
    /// type ranks models alike, weak where they differ; and the decision holds it in doubt, see <see cref="PriorDoubt"/>,
    /// since a specialist is exactly the model its record elsewhere misjudges); else 0.5, worth k. Call under the lock.
    /// </summary>
    private RankPrior PriorOf(TaskType type, string model, double? research, double priorWeight)
    {
        if (research is { } score)
        {
            return new RankPrior(score, priorWeight, RankPrior.Research);
        }

        if (_cells.TryGetValue(model, out var cells))
        {
            Refresh();
            if (_alikeness.Prior(cells, type) is { } related)
            {
                return RelatedPrior(type, related);
            }
        }

        return new RankPrior(ModelEvaluator.UnknownPrior, priorWeight, RankPrior.None);
    }

    private static RankPrior RelatedPrior(TaskType type, (double Mean, double Weight, bool All) related) =>
        new(related.Mean, related.Weight, related.All ? RankPrior.AllTypes : RankPrior.Related(TaskTypeGroups.Of(type)));

    /// <summary>The cells and the alikeness estimate for the current version of the sums. Under the lock.</summary>
    private void Refresh()
    {
        if (_alikeVersion == _version)
        {
            return;
        }

        var toCoin = SpreadToCoin();
        foreach (var (model, row) in _byModel)
        {
            var cells = _cells[model];
            for (var t = 0; t < row.Length; t++)
            {
                cells[t] = row[t] is { } record ? CellOf(record, _types[t].Clock.ReadScale, toCoin) : default;
            }
        }

        _alikeness.Estimate(_cells.Values);
        LearnDoubtShare();
        _alikeVersion = _version;
    }

    /// <summary>
    /// The doubt share for this version of the sums (see <see cref="PriorDoubt.Learn"/>): every record with at least
    /// <see cref="PriorDoubt.MinEvidenceWeight"/> discounted runs on its type, and a prior there from the model's other
    /// types, says by its Bayes factor whether that prior predicted its runs. The runs are counted as the decision counts
    /// them, so the share is learned on the figures it is used on. Under the lock, after the alikeness estimate.
    /// </summary>
    private void LearnDoubtShare()
    {
        _doubtEvidence.Clear();
        foreach (var (model, row) in _byModel)
        {
            var cells = _cells[model];
            for (var t = 0; t < row.Length; t++)
            {
                var scale = _types[t].DecisionClock.ReadScale;
                if (row[t] is not { } record || record.DecisionSums.Weight * scale < PriorDoubt.MinEvidenceWeight
                    || _alikeness.Prior(cells, (TaskType)t) is not { } related)
                {
                    continue;
                }

                var (reward, weight, _) = DecisionEvidence(record, scale);
                _doubtEvidence.Add(PriorDoubt.LogBayesFactor(RelatedPrior((TaskType)t, related), reward, weight));
            }
        }

        _doubtShare = PriorDoubt.Learn(CollectionsMarshal.AsSpan(_doubtEvidence));
    }

    /// <summary>
    /// How the reward's per-run variance compares with a coin flip's at the same mean, pooled over every model's record
    /// on every type (each record's observed variance, corrected for its few runs, against the coin's), shrunk towards
    /// a coin by four runs and kept within 0.05..1. A record with few runs has its per-run variance shrunk towards this
    /// share of its coin's, not towards the coin's itself: the composite reward varies less than a coin, so the coin
    /// overstated the sampling noise of a record with few runs, and a rare type's spread (its deviations less that
    /// noise) came out at the floor, its priors from other types worth fifty runs where types were far from alike.
    /// Under the lock.
    /// </summary>
    private double SpreadToCoin()
    {
        double observedSum = 0, coinSum = 0;
        for (var t = 0; t < _types.Length; t++)
        {
            var scale = _types[t].Clock.ReadScale;
            foreach (var record in _types[t].Models.Values)
            {
                var s = record.Sums;
                var weight = s.Weight * scale;
                if (weight <= 1e-6)
                {
                    continue;
                }

                var mean = Math.Clamp(s.Reward / s.Weight, 0, 1);
                observedSum += weight * Math.Max(0, (s.RewardSquares / s.Weight) - (mean * mean));
                coinSum += Math.Max(0, weight - 1) * mean * (1 - mean);
            }
        }

        return Math.Clamp((observedSum + RewardSpread.ShrinkRuns) / (coinSum + RewardSpread.ShrinkRuns), 0.05, 1);
    }

    private TypeAlikeness.Cell CellOf(ModelRecord record, double scale, double toCoin)
    {
        var s = record.Sums;
        var weight = s.Weight * scale;
        if (weight <= 1e-6)
        {
            return default;
        }

        var mean = Math.Clamp(((s.Reward * scale) - CriticCorrection(record, scale)) / weight, 0, 1);
        var observed = Math.Max(0, (s.RewardSquares / s.Weight) - ((s.Reward / s.Weight) * (s.Reward / s.Weight)));
        return new TypeAlikeness.Cell(weight, mean, Noise(mean), Noise(Shrunk(mean)));

        // The per-run variance, shrunk towards the coin's share (toCoin) of a coin's at the given mean by four runs.
        double Noise(double at) =>
            ((weight * observed) + (RewardSpread.ShrinkRuns * toCoin * Math.Max(1e-4, at * (1 - at)))) / (weight + RewardSpread.ShrinkRuns) / weight;

        // The mean shrunk towards a half by the same four runs: what the coin is at before the few runs are believed.
        double Shrunk(double at) => ((weight * at) + (RewardSpread.ShrinkRuns * 0.5)) / (weight + RewardSpread.ShrinkRuns);
    }

    /// <summary>How far the model's posterior mean on the type stands below the best recorded one's. Call under the lock.</summary>
    private double ExplorationCost(TaskType type, string model)
    {
        var t = _types[(int)type];
        var scale = t.Clock.ReadScale;
        double Mean(string key, ModelRecord? record)
        {
            var p = PriorOf(type, key, null, ModelEvaluator.DefaultPriorWeight);
            var alpha = (p.Mean * p.Weight) + ((record?.Sums.Reward ?? 0) * scale) - (record is null ? 0 : CriticCorrection(record, scale));
            return alpha / (p.Weight + ((record?.Sums.Weight ?? 0) * scale));
        }

        var best = double.MinValue;
        foreach (var (key, record) in t.Models)
        {
            best = Math.Max(best, Mean(key, record));
        }

        return best == double.MinValue ? 0 : Math.Max(0, best - Mean(model, t.Models.GetValueOrDefault(model)));
    }

    /// <summary>
    /// What the critic's partiality added to the model's discounted reward on the type: its calibration offset (see
    /// <see cref="CriticCalibration"/>) times the critic's weight in the reward, over the runs it scored. Under the lock.
    /// </summary>
    private double CriticCorrection(ModelRecord record, double scale) => CriticCorrection(record, record.Sums, scale);

    private double CriticCorrection(ModelRecord record, OutcomeSums sums, double scale) =>
        record.Calibration is null || sums.CriticWeight <= 0 ? 0
            : ModelEvaluator.CriticWeight * _critic.Offset(record.Calibration) * sums.CriticWeight * scale;

    private ModelRank ToRank(string model, ModelRecord record, double scale, RankPrior prior)
    {
        var s = record.Sums;
        var successRate = s.Successes / s.Weight;
        var efficiency = s.Efficiency / s.Weight;
        var correction = CriticCorrection(record, scale);
        double? critic = s.CriticWeight <= 0 ? null : s.Critic / s.CriticWeight;
        var token = s.Token / s.Weight;
        var composite = (ModelEvaluator.SuccessWeight * successRate) + (ModelEvaluator.IterationWeight * efficiency)
            + (ModelEvaluator.CriticWeight * (critic ?? successRate)) + (ModelEvaluator.TokenWeight * token);
        return new ModelRank(model, record.Runs, successRate, efficiency, critic, token, composite, prior,
            Math.Max(MinShape, (prior.Mean * prior.Weight) + (s.Reward * scale) - correction),
            Math.Max(MinShape, ((1 - prior.Mean) * prior.Weight) + ((s.Weight - s.Reward) * scale) + correction))
        {
            CriticOffset = record.Calibration is null ? 0 : _critic.Offset(record.Calibration),
            EffectiveSamples = s.Weight * scale,
            Resets = record.Resets + record.Lapses,
        };
    }

    private sealed class TypeState
    {
        public DiscountClock Clock { get; } = new(Forgetting);

        public DiscountClock DecisionClock { get; } = new(DecisionForgetting);

        public Dictionary<string, ModelRecord> Models { get; } = new(StringComparer.Ordinal);

        public TokenQuantile Tokens { get; } = new();

        public int Runs { get; set; }

        /// <summary>The type's outcomes on the rank clock, in its base units: what a model's share of the recent tasks is read against.</summary>
        public double Weight { get; set; }

        public int Trials { get; set; }

        public double Spent { get; set; }
    }
}
