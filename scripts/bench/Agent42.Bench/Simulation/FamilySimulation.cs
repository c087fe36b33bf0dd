using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Agent42.Bench.Simulation;

/// <summary>
/// Runs the world families: every (family, seed) is one world, built once, through which Agent42's router, the plan's
/// design and textbook Thompson each run on the same task stream and the same hidden draws. Worlds run in parallel,
/// as many at once as there are cores.
/// </summary>
internal static class FamilySimulation
{
    public static async Task<JsonArray> RunAsync(string historyPath, int tasks, IReadOnlyList<int> seeds, IReadOnlyList<string> families)
    {
        var jobs = families.SelectMany(f => seeds.Select(s => (Family: f, Seed: s))).ToArray();
        var results = new (int Seed, IReadOnlyList<PolicyRun> Runs, double Reference, (double Regret, int Runs) Oracle, TimeSpan Took)[jobs.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, _) =>
            {
                var job = jobs[i];
                var jobStarted = Stopwatch.GetTimestamp();
                var world = WorldFamilies.Create(job.Family, job.Seed, tasks, historyPath);
                var runs = new List<PolicyRun>
                {
                    await SimRunner.RunAsync(world, clock => Agent42Policy.Create(clock, job.Seed)).ConfigureAwait(false),
                    await SimRunner.RunAsync(world, _ => new PlanPolicy(job.Seed + 1)).ConfigureAwait(false),
                    await SimRunner.RunAsync(world, _ => new ThompsonPolicy(job.Seed + 2)).ConfigureAwait(false),
                };
                results[i] = (job.Seed, runs, LaiRobbins.Reference(world), CommitOracle.Best(world), Stopwatch.GetElapsedTime(jobStarted));
                // Progress on stderr, so a long run shows where it is and a cut-short one leaves its figures.
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"{job.Family} seed {job.Seed}: regret {string.Join(", ", runs.Select(r => $"{r.Policy} {r.Regret:0.0}"))} ({results[i].Took.TotalSeconds:0} s)"));
            }).ConfigureAwait(false);
        return new JsonArray(families.Select((family, f) =>
        {
            var mine = results.Skip(f * seeds.Count).Take(seeds.Count).ToArray();
            return (JsonNode)FamilyReport.Build(family, tasks, mine.Select(r => (r.Seed, r.Runs, r.Reference, r.Oracle)).ToArray(),
                TimeSpan.FromTicks(mine.Sum(r => r.Took.Ticks)));
        }).ToArray());
    }
}
