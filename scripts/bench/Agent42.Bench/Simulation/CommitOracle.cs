namespace Agent42.Bench.Simulation;

/// <summary>
/// A reference for worlds where exploring buys little (many near-equal models, a noisy critic): the best
/// explore-then-commit in hindsight. Per type, every model listed at the start takes n of the type's tasks in turn,
/// then the rest go to the model whose n runs scored best (success and the critic's score, each weighed by the inverse
/// of its noise: the critic's known spread, a coin's for success); its regret is that of the world's own draws, and the
/// figure is the least over n of the grid, n the same for every type. It knows the critic's noise, picks n after seeing
/// the outcome and pays no cooldowns: a yardstick, not a bound (a lucky commitment can beat it), but a target well below
/// it asks a learning router for luck rather than learning. Stationary: the rates and the catalog at task 0.
/// </summary>
internal static class CommitOracle
{
    /// <summary>Runs per model before committing; 0 commits to the first listed model without exploring (the plan's default).</summary>
    public static readonly int[] Grid = [0, 1, 2, 3, 5, 8, 12];

    public static (double Regret, int Runs) Best(SimWorld world) =>
        Grid.Select(n => (Regret: Regret(world, n), Runs: n)).MinBy(r => r.Regret);

    private static double Regret(SimWorld world, int runs)
    {
        var listed = Enumerable.Range(0, world.Models.Count).Where(m => world.Catalog[0].Listed[m]).ToArray();
        var total = 0.0;
        foreach (var type in SimWorld.AllTypes)
        {
            var tasks = Enumerable.Range(0, world.Tasks).Where(t => world.TypeOf[t] == type).ToArray();
            if (tasks.Length == 0)
            {
                continue;
            }

            var rates = listed.Select(m => world.Rate(m, type, 0)).ToArray();
            var best = rates.Max();
            var (score, weight) = (new double[listed.Length], new double[listed.Length]);
            var explore = Math.Min(tasks.Length, runs * listed.Length);
            for (var i = 0; i < explore; i++)
            {
                var (m, task) = (i % listed.Length, tasks[i]);
                var success = Hidden.Uniform(world.Seed, task, listed[m], 0) < rates[m] ? 1.0 : 0.0;
                var critic = Math.Clamp(rates[m] + (world.CriticNoise * Hidden.Normal(world.Seed, task, listed[m], 3)), 0, 1);
                // A world with no critic score gives the oracle none either.
                var (ws, wc) = (1 / 0.25, world.QuietSignals ? 0 : 1 / Math.Max(1e-4, world.CriticNoise * world.CriticNoise));
                score[m] += (ws * success) + (wc * critic);
                weight[m] += ws + wc;
                total += best - rates[m];
            }

            var chosen = runs == 0 ? 0 : Enumerable.Range(0, listed.Length).MaxBy(m => weight[m] > 0 ? score[m] / weight[m] : 0);
            total += (tasks.Length - explore) * (best - rates[chosen]);
        }

        return total;
    }
}
