namespace Agent42.Core.Routing.Learning;

/// <summary>
/// The token term's normaliser for one task type: the 90th percentile of quality per token over the type's last
/// 128 successful runs, so one outlier run cannot flatten the term for every model as a running maximum did.
/// Recomputed every 8 runs once warm (a sort of 128 values), in log order: a restart gets the same figures.
/// </summary>
internal sealed class TokenQuantile
{
    private const int Window = 128;
    private const int WarmUp = 32;
    private const int RecomputeEvery = 8;
    private readonly double[] _recent = new double[Window];
    private readonly double[] _sorted = new double[Window];
    private long _added;

    public double P90 { get; private set; }

    public void Add(double qualityPerToken)
    {
        _recent[(int)(_added % Window)] = qualityPerToken;
        _added++;
        if (_added <= WarmUp || _added % RecomputeEvery == 0)
        {
            var count = (int)Math.Min(_added, Window);
            Array.Copy(_recent, _sorted, count);
            Array.Sort(_sorted, 0, count);
            P90 = _sorted[(int)Math.Floor(0.9 * (count - 1))];
        }
    }

    /// <summary>A run's quality per token as a share of the percentile, capped at 1.</summary>
    public double Share(double qualityPerToken) => P90 <= 0 ? (qualityPerToken > 0 ? 1 : 0) : Math.Min(1, qualityPerToken / P90);
}
