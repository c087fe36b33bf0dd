namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How far the critic's score of each model runs from what its answers achieved: per model, over every type, the
/// discounted mean of (critic score - success) on the runs that had a score, less the same mean over all models (a
/// critic that scores everyone a little high or low steers nobody). A fair critic leaves every model's offset near
/// zero; a partial one that flatters a model regardless of outcome gives it a positive offset, which
/// <see cref="OutcomeStats"/> takes back out of the critic's share of the model's reward, so the critic stops steering
/// towards it. Offsets are shrunk towards zero by <see cref="ShrinkRuns"/> pseudo-runs, so a few noisy scores move
/// nothing. In log order only: a restart gets the same offsets.
/// </summary>
internal sealed class CriticCalibration
{
    /// <summary>Pseudo-runs of zero offset every model starts with.</summary>
    public const double ShrinkRuns = 10;

    private readonly DiscountClock _clock = new(OutcomeStats.Forgetting);
    private readonly Dictionary<string, Entry> _models = new(StringComparer.Ordinal);
    private double _weight;
    private double _gap;

    /// <summary>The model's entry, created empty; a record keeps it so a decision reads its offset without a lookup.</summary>
    public Entry For(string model)
    {
        if (!_models.TryGetValue(model, out var entry))
        {
            _models[model] = entry = new Entry();
        }

        return entry;
    }

    /// <summary>One run with a critic score.</summary>
    public void Add(Entry entry, in RunTerms run)
    {
        if (run.Critic is not { } critic)
        {
            return;
        }

        if (_clock.Advance() is { } factor)
        {
            foreach (var e in _models.Values)
            {
                (e.Weight, e.Gap) = (e.Weight * factor, e.Gap * factor);
            }

            (_weight, _gap) = (_weight * factor, _gap * factor);
        }

        var weight = _clock.AddWeight;
        var gap = (critic - run.Success) * weight;
        (entry.Weight, entry.Gap) = (entry.Weight + weight, entry.Gap + gap);
        (_weight, _gap) = (_weight + weight, _gap + gap);
    }

    /// <summary>How much higher than its success the critic scores this model than it scores models on average, shrunk.</summary>
    public double Offset(Entry entry)
    {
        if (_weight <= 0 || entry.Weight <= 0)
        {
            return 0;
        }

        var scale = _clock.ReadScale;
        var average = _gap / _weight;
        return (entry.Gap - (entry.Weight * average)) * scale / ((entry.Weight * scale) + ShrinkRuns);
    }

    /// <summary>A model's discounted sums, in the clock's units.</summary>
    internal sealed class Entry
    {
        public double Weight { get; set; }

        public double Gap { get; set; }
    }
}
