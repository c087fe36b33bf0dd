using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How alike the task types are, learned from the log: a model's reward on a type is read as its general level, plus
/// the type's offset (some types are harder for every model), plus a deviation of its own whose spread,
/// <c>tau</c>, is the type's unlikeness. The offsets and spreads are estimated from the models that have runs on a type
/// and elsewhere (each model's record on the type against its leave-one-out mean elsewhere, less what sampling noise
/// explains), at two scopes: the type's group (<see cref="TaskTypeGroups"/>) and all types. A model's prior on a type
/// is then its record on the other types of the scope, each weighed by how alike that type is, plus the type's
/// offset, worth as many coin flips as its variance (the type's spread plus the estimate's own noise) allows; the
/// scope whose prior is tighter gives it. Where every type is alike (one model best everywhere), a model's runs on
/// eleven types are its prior on the twelfth; where types differ (specialists), the spread is wide and the prior weak.
/// From the records' discounted sums in log order only: a restart gets the same figures.
/// </summary>
internal sealed class TypeAlikeness
{
    /// <summary>
    /// The spread (variance, in reward units) every type starts at within its group, worth <see cref="ShrinkWeight"/> of
    /// evidence: the groups are the code's guess of which types are alike, so before the log says otherwise a model's
    /// record on coding says more about its debugging (+/- 0.10) than about its e-mail (+/- 0.17, <see cref="StartVarianceAll"/>).
    /// </summary>
    public const double StartVarianceGroup = 0.01;

    /// <summary>The spread every type starts at among all types.</summary>
    public const double StartVarianceAll = 0.03;

    /// <summary>
    /// The spread of models' levels around 0.5 before any of their runs: a model's level is estimated from its runs
    /// shrunk towards 0.5 by this, as much as the 0.5 prior of a model nobody knows is worth (k = 5 outcomes), so two
    /// failures on one type make its prior elsewhere cautious, not hopeless.
    /// </summary>
    public const double LevelVariance = 0.25 / 6;

    /// <summary>How much evidence (harmonic runs) the starting spread is worth.</summary>
    public const double ShrinkWeight = 10;

    /// <summary>How much evidence the pooled spread is worth against a type's own.</summary>
    public const double TypeShrinkWeight = 50;

    /// <summary>The least spread a type is taken to have: no two types are the same.</summary>
    public const double MinVariance = 0.0005;

    /// <summary>The most coin flips a prior from other types is worth.</summary>
    public const double MaxPriorWeight = 50;

    /// <summary>The least: below it the prior would be weaker than knowing nothing.</summary>
    public const double MinPriorWeight = 2;

    private static readonly int TypeCount = Enum.GetValues<TaskType>().Length;

    // Scope 0: the type's group; 1: every type.
    private readonly double[] _offset = new double[TypeCount];
    private readonly double[] _offsetSum = new double[TypeCount];
    private readonly double[] _offsetWeight = new double[TypeCount];
    private readonly double[,] _variance = new double[2, TypeCount];

    public TypeAlikeness()
    {
        for (var t = 0; t < TypeCount; t++)
        {
            (_variance[0, t], _variance[1, t]) = (StartVarianceGroup, StartVarianceAll);
        }
    }

    /// <summary>A model's standing on one type, as the estimate reads it.</summary>
    /// <param name="Weight">Effective runs.</param>
    /// <param name="Mean">Mean reward (the critic's partiality taken out).</param>
    /// <param name="Noise">The mean's sampling variance, from the coin at the record's own mean: what the spreads subtract.</param>
    /// <param name="PriorNoise">
    /// The same from the coin at the mean shrunk towards a half, which weighs the cell in a prior. At its own mean a record
    /// of one run that scored nothing (0 x 1) looked hundreds of times surer than one that scored half, and a few such
    /// runs set the model's level on every type they were weighed into. The spreads keep <see cref="Noise"/>: summed
    /// over many records it is the closer estimate of the noise in their deviations, and the shrunk coin would
    /// overstate it where a world's rates sit near 0 or 1, explaining a rare type's spread away.
    /// </param>
    /// <param name="OffsetWeight">What this model's record added to the type's offset estimate (set by <see cref="Estimate"/>).</param>
    /// <param name="OffsetSum">The same, times its deviation: taken back out of the offset in the model's own prior.</param>
    internal record struct Cell(double Weight, double Mean, double Noise, double PriorNoise, double OffsetWeight = 0, double OffsetSum = 0);

    public double Offset(TaskType type) => _offset[(int)type];

    /// <summary>The type's spread around a model's level, in its group (<paramref name="all"/> false) or among all types.</summary>
    public double Variance(TaskType type, bool all) => _variance[all ? 1 : 0, (int)type];

    /// <summary>Re-estimates the offsets and spreads from every model's cells (one row per model, one cell per type; weight 0 for none).</summary>
    /// <remarks>Each cell's share of its type's offset is written back into it, so a model's prior can leave its own runs out.</remarks>
    public void Estimate(IEnumerable<Cell[]> models)
    {
        var rows = models as IReadOnlyCollection<Cell[]> ?? models.ToList();
        Span<double> num = stackalloc double[TypeCount];
        Span<double> den = stackalloc double[TypeCount];
        num.Clear();
        den.Clear();

        // The offsets: each model's record on the type against its mean on every other type.
        foreach (var row in rows)
        {
            double sw = 0, sr = 0;
            foreach (var c in row)
            {
                (sw, sr) = c.Weight < 0.5 ? (sw, sr) : (sw + c.Weight, sr + (c.Weight * c.Mean));
            }

            for (var t = 0; t < TypeCount; t++)
            {
                ref var c = ref row[t];
                var otherWeight = sw - c.Weight;
                (c.OffsetWeight, c.OffsetSum) = (0, 0);
                if (c.Weight < 1 || otherWeight < 1)
                {
                    continue;
                }

                var h = 1 / ((1 / c.Weight) + (1 / otherWeight));
                (c.OffsetWeight, c.OffsetSum) = (h, h * (c.Mean - ((sr - (c.Weight * c.Mean)) / otherWeight)));
                num[t] += c.OffsetSum;
                den[t] += h;
            }
        }

        for (var t = 0; t < TypeCount; t++)
        {
            (_offsetSum[t], _offsetWeight[t]) = (num[t], den[t]);
            _offset[t] = num[t] / (den[t] + ShrinkWeight);
        }

        // Per row, its totals in each group and in all (weight, weighted mean less offsets, weighted noise), once: each
        // cell's leave-one-out mean is its scope's total less the cell.
        Span<double> weight = stackalloc double[TaskTypeGroups.Count + 1];
        Span<double> sum = stackalloc double[TaskTypeGroups.Count + 1];
        Span<double> noises = stackalloc double[TaskTypeGroups.Count + 1];
        for (var scope = 0; scope < 2; scope++)
        {
            num.Clear();
            den.Clear();
            foreach (var row in rows)
            {
                weight.Clear();
                sum.Clear();
                noises.Clear();
                for (var t = 0; t < TypeCount; t++)
                {
                    var c = row[t];
                    if (c.Weight < 0.5)
                    {
                        continue;
                    }

                    Accumulate(weight, sum, noises, TaskTypeGroups.IndexOf((TaskType)t), c, _offset[t]);
                    Accumulate(weight, sum, noises, TaskTypeGroups.Count, c, _offset[t]);
                }

                for (var t = 0; t < TypeCount; t++)
                {
                    var c = row[t];
                    if (c.Weight < 1)
                    {
                        continue;
                    }

                    var k = scope == 0 ? TaskTypeGroups.IndexOf((TaskType)t) : TaskTypeGroups.Count;
                    var sw = weight[k] - c.Weight;
                    if (sw < 1)
                    {
                        continue;
                    }

                    var sr = sum[k] - (c.Weight * (c.Mean - _offset[t]));
                    // Clamped: the subtraction can leave a rounding error below zero where the cell was most of the total.
                    var noise = Math.Max(0, noises[k] - (c.Weight * c.Weight * c.Noise)) / (sw * sw);
                    var d = c.Mean - _offset[t] - (sr / sw);
                    var h = 1 / ((1 / c.Weight) + (1 / sw));
                    num[t] += h * ((d * d) - c.Noise - noise);
                    den[t] += h;
                }
            }

            // Each type's spread is shrunk towards the spread of all types pooled, itself shrunk towards the start: a
            // type with few runs takes what the busy ones show (specialists found on one type say there are more).
            double allNum = 0, allDen = 0;
            for (var t = 0; t < TypeCount; t++)
            {
                (allNum, allDen) = (allNum + num[t], allDen + den[t]);
            }

            var start = scope == 0 ? StartVarianceGroup : StartVarianceAll;
            var pooled = Math.Max(MinVariance, (allNum + (ShrinkWeight * start)) / (allDen + ShrinkWeight));
            for (var t = 0; t < TypeCount; t++)
            {
                _variance[scope, t] = Math.Max(MinVariance, (num[t] + (TypeShrinkWeight * pooled)) / (den[t] + TypeShrinkWeight));
            }
        }
    }

    /// <summary>
    /// The model's prior on <paramref name="type"/> from its other cells: mean, worth (coin flips) and whether it came from
    /// all types (else the group); null when it has no runs elsewhere.
    /// </summary>
    public (double Mean, double Weight, bool All)? Prior(ReadOnlySpan<Cell> row, TaskType type)
    {
        var t0 = (int)type;
        var group = TaskTypeGroups.IndexOf(type);
        (double Mean, double Variance, bool All)? best = null;
        for (var scope = 0; scope < 2; scope++)
        {
            double precision = 0, weighted = 0;
            var cells = 0;
            for (var t = 0; t < TypeCount; t++)
            {
                var c = row[t];
                if (t == t0 || c.Weight < 0.5 || (scope == 0 && TaskTypeGroups.IndexOf((TaskType)t) != group))
                {
                    continue;
                }

                var p = 1 / (_variance[scope, t] + c.PriorNoise);
                precision += p;
                weighted += p * (c.Mean - OffsetWithout(t, c));
                cells++;
            }

            if (cells == 0)
            {
                continue;
            }

            // The model's level, shrunk towards the unknown model's 0.5.
            precision += 1 / LevelVariance;
            weighted += ModelEvaluator.UnknownPrior / LevelVariance;

            var variance = _variance[scope, t0] + (1 / precision);
            if (best is null || variance < best.Value.Variance)
            {
                best = (Math.Clamp((weighted / precision) + OffsetWithout(t0, row[t0]), 0.02, 0.98), variance, scope == 1);
            }
        }

        if (best is not { } b)
        {
            return null;
        }

        return (b.Mean, Math.Clamp(b.Mean * (1 - b.Mean) / b.Variance, MinPriorWeight, MaxPriorWeight), b.All);
    }

    private static void Accumulate(Span<double> weight, Span<double> sum, Span<double> noises, int k, in Cell c, double offset)
    {
        weight[k] += c.Weight;
        sum[k] += c.Weight * (c.Mean - offset);
        noises[k] += c.Weight * c.Weight * c.Noise;
    }

    /// <summary>The type's offset without the model's own part in it: its runs on the type must not reach its prior there.</summary>
    private double OffsetWithout(int type, in Cell cell) =>
        (_offsetSum[type] - cell.OffsetSum) / (_offsetWeight[type] - cell.OffsetWeight + ShrinkWeight);
}
