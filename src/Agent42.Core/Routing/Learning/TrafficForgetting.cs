namespace Agent42.Core.Routing.Learning;

/// <summary>
/// How fast a type's decision record forgets, per outcome of the type, by the type's share of the traffic. A world
/// changes in time (a provider swaps a build, a model improves), not per task of one type: a type with most of the
/// traffic sees many of its tasks between two changes, a rare type few. The discount that loses least in a world
/// that changes now and then has <c>1 - rate</c> in proportion to the square root of the changes over the runs it
/// sees (Garivier and Moulines, 2011), so at the same rate of change a type with <c>n</c> times the even share should
/// forget <c>√n</c> times slower per task. One rate for every type made a busy type forget in a few hundred of its
/// tasks what it took thousands to learn: the models it had left faded back and were drawn again, about one draw in
/// forty for the whole run in issue 13's sparse-types world, where textbook Thompson, which never forgets, was down
/// to one in two hundred. From counts in log order, so the same log gives the same rates.
/// </summary>
internal static class TrafficForgetting
{
    /// <summary>The slowest a type forgets, as a share of the even rate's <c>1 - rate</c>: a type alone in the log still forgets.</summary>
    public const double MinFactor = 0.25;

    /// <summary>The fastest, as a multiple of the even rate's <c>1 - rate</c>: a rare type keeps what its few runs showed.</summary>
    public const double MaxFactor = 4;

    /// <summary>The discount per outcome of a type with <paramref name="typeRuns"/> of the log's <paramref name="allRuns"/> outcomes.</summary>
    /// <param name="evenRate">The rate at an even share (one in <paramref name="types"/>).</param>
    public static double Rate(double evenRate, int typeRuns, int allRuns, int types)
    {
        if (allRuns <= 0 || types <= 0)
        {
            return evenRate;
        }

        var share = Math.Max(typeRuns, 1) / (double)allRuns;
        var factor = Math.Clamp(Math.Sqrt(1 / (types * share)), MinFactor, MaxFactor);
        return 1 - ((1 - evenRate) * factor);
    }
}
