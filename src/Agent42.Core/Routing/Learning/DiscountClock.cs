namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Exponential forgetting counted in outcomes (of a task type, or of a group of types), O(1) per outcome: sums are
/// kept in the units of the clock's base tick, so a new outcome is added with weight <c>rate^-(tick - base)</c> and
/// every sum is read times <c>rate^(tick - base)</c>; when that factor grows large the owner rescales its sums once
/// and the base moves up. Driven by the log's order alone, so a restart that reads the same log gets the same sums.
/// </summary>
internal sealed class DiscountClock(double rate)
{
    // rate^-1024 is about 21 at 0.997: far from overflow, and a rescale every 1,024 outcomes is cheap.
    private const int RescaleEvery = 1024;

    public long Tick { get; private set; }

    private long _base;

    /// <summary>What a sum kept by this clock is multiplied by to read it now.</summary>
    public double ReadScale => Math.Pow(rate, Tick - _base);

    /// <summary>The weight an outcome recorded now is added with.</summary>
    public double AddWeight => Math.Pow(rate, _base - Tick);

    /// <summary>One more outcome; returns the factor every kept sum must be multiplied by first, or null.</summary>
    public double? Advance()
    {
        Tick++;
        if (Tick - _base < RescaleEvery)
        {
            return null;
        }

        var factor = ReadScale;
        _base = Tick;
        return factor;
    }
}
