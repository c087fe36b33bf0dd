namespace Agent42.Bench.Simulation;

/// <summary>
/// A reference for what any router must lose in a world: Lai and Robbins' asymptotic lower bound on the regret of a
/// consistent policy, per type, sum over the models below the best of gap x ln(the type's tasks) / KL(their rate,
/// the best rate), each model's pulls capped at the type's tasks. Computed on the rates at task 0 over the models
/// listed then (a stationary approximation: worlds that change later can only cost more). Per-type Thompson sampling
/// meets the bound asymptotically. At the simulation's horizon (about 500 tasks per type) the asymptotic figure came
/// out above textbook Thompson's measured regret in every world, so it is reported as a scale, not as a bound.
/// </summary>
internal static class LaiRobbins
{
    public static double Reference(SimWorld world)
    {
        var total = 0.0;
        var listed = world.Catalog[0].Listed;
        foreach (var type in SimWorld.AllTypes)
        {
            var tasks = world.TypeOf.Count(t => t == type);
            if (tasks < 2)
            {
                continue;
            }

            var rates = Enumerable.Range(0, world.Models.Count).Where(m => listed[m]).Select(m => world.Rate(m, type, 0)).ToArray();
            var best = rates.Max();
            foreach (var rate in rates.Where(r => r < best))
            {
                var pulls = Math.Min(tasks, Math.Log(tasks) / Kl(rate, best));
                total += (best - rate) * pulls;
            }
        }

        return total;
    }

    private static double Kl(double p, double q)
    {
        (p, q) = (Math.Clamp(p, 1e-6, 1 - 1e-6), Math.Clamp(q, 1e-6, 1 - 1e-6));
        return (p * Math.Log(p / q)) + ((1 - p) * Math.Log((1 - p) / (1 - q)));
    }
}
