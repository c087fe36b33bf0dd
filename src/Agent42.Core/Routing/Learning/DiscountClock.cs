namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Exponential forgetting counted in outcomes (of a task type, or of a group of types), O(1) per outcome: sums are
/// kept in the units of the clock's base tick, so a new outcome is added with weight <c>1 / scale</c> and every sum
/// is read times <c>scale</c>, the product of the rates since the base; when that has run for a while the owner
/// rescales its sums once and the base moves up. The rate may differ per tick (see <see cref="TrafficForgetting"/>).
/// Driven by the log's order alone, so a restart that reads the same log gets the same sums.
/// </summary>
internal sealed class DiscountClock(double rate)
{
    // 0.997^1024 is about 1/21: far from underflow, and a rescale every 1,024 outcomes is cheap.
    private const int RescaleEvery = 1024;

    public long Tick { get; private set; }

    private long _base;

    // ln of the product of the rates since the base: a sum of logs, since the rate need not be the same each tick.
    private double _logScale;

    /// <summary>What a sum kept by this clock is multiplied by to read it now.</summary>
    public double ReadScale => Math.Exp(_logScale);

    /// <summary>The weight an outcome recorded now is added with.</summary>
    public double AddWeight => Math.Exp(-_logScale);

    /// <summary>The rate the last tick discounted by.</summary>
    public double LastRate { get; private set; } = rate;

    private readonly double _rate = rate;

    // The clock's own rate's log, taken once: the rank clock ticks at it on every outcome.
    private readonly double _logRate = Math.Log(rate);

    /// <summary>One more outcome at the clock's own rate; returns the factor every kept sum must be multiplied by first, or null.</summary>
    public double? Advance() => Advance(_rate, _logRate);

    /// <summary>One more outcome, discounting what came before by <paramref name="now"/>; as <see cref="Advance()"/>.</summary>
    public double? Advance(double now) => Advance(now, Math.Log(now));

    private double? Advance(double now, double logNow)
    {
        Tick++;
        LastRate = now;
        _logScale += logNow;
        if (Tick - _base < RescaleEvery)
        {
            return null;
        }

        var factor = ReadScale;
        _base = Tick;
        _logScale = 0;
        return factor;
    }
}
