namespace Agent42.Bench.Simulation;

/// <summary>
/// The world's hidden draws as a pure function of (seed, task, model, channel): every policy that sends task 812 to
/// model 3 sees the same success draw, critic noise and token count, so policies differ only in their choices.
/// SplitMix64 over the packed inputs.
/// </summary>
internal static class Hidden
{
    public static double Uniform(int seed, int task, int model, int channel)
    {
        var x = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)task << 20) ^ ((ulong)(uint)model << 8) ^ (uint)channel);
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        // 53 random bits in (0, 1): never 0, so logarithms and Pareto draws stay finite.
        return ((x >> 11) + 0.5) / (1UL << 53);
    }

    /// <summary>A standard normal draw from two of the channels (Box-Muller).</summary>
    public static double Normal(int seed, int task, int model, int channel) =>
        Math.Sqrt(-2 * Math.Log(Uniform(seed, task, model, channel))) * Math.Cos(2 * Math.PI * Uniform(seed, task, model, channel + 1));
}
