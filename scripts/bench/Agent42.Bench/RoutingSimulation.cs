using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Agent;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Bench.Simulation;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Bench;

/// <summary>
/// Routes simulated tasks with Agent42's real router, evaluator and reranker, and with the plan's baseline (10%
/// uniform trials of unproven models, rank by mean composite after 5 completions), over a pool of models from the
/// shipped catalog whose availability follows the real daily free-id history, with hidden per-type success rates
/// and rate-limit bursts. Prints average reward, cumulative regret against an oracle that knows the hidden rates,
/// and how many tasks each needed to settle on the best model of a type; then the router's micro figures.
/// </summary>
internal static class RoutingSimulation
{
    private static readonly TaskType[] Types = Enum.GetValues<TaskType>();

    public static async Task<int> RunAsync(string historyPath, int tasks, IReadOnlyList<int> seeds, bool micro, IReadOnlyList<string> worlds)
    {
        var families = worlds.Where(w => w != "default").ToArray();
        var figures = worlds.Contains("default") ? await DefaultWorldAsync(historyPath, tasks, seeds) : new JsonObject { ["tasks"] = tasks };
        if (families.Length > 0)
        {
            var reports = await FamilySimulation.RunAsync(historyPath, tasks, seeds, families);
            figures["families_passed"] = $"{reports.Count(f => f!["pass"]!.GetValue<bool>())} of {families.Length}";
            figures["families"] = reports;
        }

        if (micro)
        {
            figures["micro"] = await MicroAsync(World.Create(historyPath, seeds[0]));
        }

        Console.WriteLine(figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return 0;
    }

    /// <summary>The micro figures alone, on the world of <paramref name="seed"/>: to repeat them, or to profile the decision.</summary>
    public static async Task<int> MicroOnlyAsync(string historyPath, int seed)
    {
        var figures = await MicroAsync(World.Create(historyPath, seed));
        Console.WriteLine(figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>The first simulation's world (random rates over the real free-id churn), kept as it was: the router against the plan's design.</summary>
    private static async Task<JsonObject> DefaultWorldAsync(string historyPath, int tasks, IReadOnlyList<int> seeds)
    {
        // Seeds run in parallel: each has its own world, router, store and clock.
        var runs = await Task.WhenAll(seeds.Select(seed => Task.Run(() =>
        {
            var world = World.Create(historyPath, seed);
            var agent42 = RunPolicy(world, tasks, seed, useAgent42: true);
            var baseline = RunPolicy(world, tasks, seed, useAgent42: false);
            return (Seed: seed, World: world, Agent42: agent42, Baseline: baseline);
        })));
        double Regret(JsonObject policy) => policy["cumulative_regret"]!.GetValue<double>();
        var ratios = runs.Select(r => Regret(r.Agent42) / Regret(r.Baseline)).ToArray();
        var figures = new JsonObject
        {
            ["tasks"] = tasks,
            ["days"] = runs[0].World.Days.Count,
            ["distinct_models"] = runs[0].World.Models.Count,
            ["runs"] = new JsonArray(runs.Select((r, i) => (JsonNode)new JsonObject
            {
                ["seed"] = r.Seed,
                ["agent42"] = r.Agent42,
                ["baseline"] = r.Baseline,
                ["regret_ratio"] = Math.Round(ratios[i], 3),
            }).ToArray()),
            ["regret_ratio_mean"] = Math.Round(ratios.Average(), 3),
            ["regret_ratio_worst"] = Math.Round(ratios.Max(), 3),
            ["regret_ratio_of_totals"] = Math.Round(runs.Sum(r => Regret(r.Agent42)) / runs.Sum(r => Regret(r.Baseline)), 3),
            ["target"] = "regret_ratio <= 0.5",
        };
        return new JsonObject { ["tasks"] = tasks, ["default_world"] = figures };
    }

    private static JsonObject RunPolicy(World world, int tasks, int seed, bool useAgent42)
    {
        var random = new Random(seed + 1);
        // Both policies see the same stream of task types.
        var stream = new Random(seed + 2);
        var time = new SimClock(new DateTimeOffset(2026, 2, 27, 0, 0, 0, TimeSpan.Zero));
        var cooldowns = new ModelCooldowns(time);
        var options = new RoutingOptions();
        var folder = Directory.CreateTempSubdirectory("a42-sim-").FullName;
        var store = new RoutingFileStore(Path.Combine(folder, "dynamic_routing.json"), NullLogger.Instance);
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, cooldowns, options);
        var stats = new OutcomeStats();
        var baselineStats = new Dictionary<(TaskType, string), (int N, double Sum)>();
        double reward = 0, regret = 0;
        var finding = Types.ToDictionary(t => t, _ => new BestFinder());
        var sinceRerank = 0;
        var causes = new Dictionary<string, double>(StringComparer.Ordinal);
        // SIM_TRACE=<prefix>: as in the families' runs (SimRunner), one line per task of Agent42's router.
        using var trace = useAgent42 && Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 } prefix
            ? new StreamWriter($"{prefix}.default.{seed}.txt") : null;

        for (var i = 0; i < tasks; i++)
        {
            var day = world.Days[(int)((long)i * world.Days.Count / tasks)];
            time.Set(day.Date.AddMinutes(i % 1440));
            var type = Types[stream.Next(Types.Length)];
            var registry = new ProviderRegistry(world.Known(day), []);
            var available = day.Available;
            var oracle = available.MaxBy(m => world.Rate(m, type))!;
            finding[type].Task(oracle);

            string chosen;
            if (useAgent42)
            {
                var decision = router.Route(type, registry, stats, random);
                chosen = FirstThatAnswers(decision.Primary.Select(c => c.Key), world, day, i, cooldowns, random);
                var outcome = world.Simulate(chosen, type, decision.IsTrial, random, time.GetUtcNow());
                var cause = decision.IsTrial ? "trial"
                    : chosen != decision.Primary[0].Key ? "fallback"
                    : decision.Layer == RoutingLayer.Default ? "default"
                    : stats.Rank(type, oracle, null, options.PriorWeight).Samples < options.MinTrials ? "best_unproven"
                    : "misranked";
                causes[cause] = causes.GetValueOrDefault(cause) + world.Rate(oracle, type) - world.Rate(chosen, type);
                trace?.WriteLine($"{i} {type} chose={decision.Primary[0].Key} trial={decision.IsTrial} layer={decision.Layer} answered={chosen}"
                    + $" order={string.Join('>', decision.Primary.Select(c => c.Key))} critic={string.Join('>', decision.Critic.Select(c => c.Key))}");
                stats.Add(outcome);
                if (!decision.IsTrial)
                {
                    finding[type].Routed(chosen == oracle);
                }

                if (++sinceRerank >= options.RerankEveryTasks)
                {
                    var eligible = registry.Routable(true, null).Select(m => m.Key).ToArray();
                    store.Save(Reranker.Rerank(stats, eligible, (_, _) => null, options, time.GetUtcNow()));
                    sinceRerank = 0;
                }
            }
            else
            {
                // The plan's baseline: 10% of tasks to a uniformly random unproven model; the rest to the best mean
                // composite among models with 5 completions, or, while none has them, to the same built-in default
                // Agent42 starts from (free, tools, largest context).
                var unproven = available.Where(m => baselineStats.GetValueOrDefault((type, m)).N < 5).ToList();
                var proven = available.Where(m => baselineStats.GetValueOrDefault((type, m)).N >= 5).ToList();
                var trial = unproven.Count > 0 && random.NextDouble() < 0.10;
                chosen = trial
                    ? unproven[random.Next(unproven.Count)]
                    : proven.Count > 0
                        ? proven.MaxBy(m => baselineStats[(type, m)].Sum / baselineStats[(type, m)].N)!
                        : registry.Routable(true, null)[0].Key;
                chosen = FirstThatAnswers([chosen, .. available.Where(m => m != chosen)], world, day, i, null, random);
                var outcome = world.Simulate(chosen, type, trial, random, time.GetUtcNow());
                var composite = (0.4 * (outcome.Success ? 1 : 0)) + (0.3 * outcome.IterationEfficiency) + (0.2 * outcome.Quality) + 0.1;
                var s = baselineStats.GetValueOrDefault((type, chosen));
                baselineStats[(type, chosen)] = (s.N + 1, s.Sum + composite);
                if (!trial)
                {
                    finding[type].Routed(chosen == oracle);
                }
            }

            reward += world.Rate(chosen, type);
            regret += world.Rate(oracle, type) - world.Rate(chosen, type);
        }

        Directory.Delete(folder, recursive: true);
        var epochs = finding.Values.SelectMany(f => f.Close()).ToList();
        var found = epochs.Where(e => e >= 0).Order().ToList();
        return new JsonObject
        {
            ["average_reward"] = Math.Round(reward / tasks, 4),
            ["cumulative_regret"] = Math.Round(regret, 1),
            ["best_model_epochs"] = epochs.Count,
            ["epochs_best_found"] = found.Count,
            ["tasks_to_find_best_median"] = found.Count == 0 ? null : found[found.Count / 2],
            ["tasks_to_find_best_p90"] = found.Count == 0 ? null : found[(int)(found.Count * 0.9)],
            ["regret_by_cause"] = useAgent42 ? new JsonObject(causes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)Math.Round(c.Value, 1)))) : null,
        };
    }

    /// <summary>A burst makes a model answer 429 for a while; the caller moves on, as the failover does.</summary>
    private static string FirstThatAnswers(IEnumerable<string> order, World world, Day day, int task, ModelCooldowns? cooldowns, Random random)
    {
        string? last = null;
        foreach (var key in order)
        {
            last = key;
            if (!world.InBurst(key, task))
            {
                return key;
            }

            cooldowns?.Record(key, new ModelCallException(ModelFailureKind.ModelRateLimit, "rate-limited upstream", 429, TimeSpan.FromMinutes(20)));
        }

        return last ?? day.Available[random.Next(day.Available.Count)];
    }

    /// <summary>
    /// Tasks to find the best model of a type, per epoch: an epoch starts whenever the oracle's best available model
    /// for the type changes (a better model appears, or the best one vanishes), because a learner can only be asked to
    /// find a model that is there. Found: the epoch's first run of 10 routed (non-trial) choices of that model; the
    /// figure is the type's tasks from the epoch's start to the first of those 10. An epoch that ends first counts as
    /// not found.
    /// </summary>
    private sealed class BestFinder
    {
        private readonly List<int> _epochs = [];
        private string? _best;
        private int _tasks, _start, _streak, _streakStart;
        private bool _found;

        public void Task(string best)
        {
            if (best != _best)
            {
                if (_best is not null && !_found)
                {
                    _epochs.Add(-1);
                }

                (_best, _start, _streak, _found) = (best, _tasks, 0, false);
            }

            _tasks++;
        }

        public void Routed(bool best)
        {
            if (_found)
            {
                return;
            }

            if (!best)
            {
                _streak = 0;
                return;
            }

            _streakStart = _streak == 0 ? _tasks - 1 : _streakStart;
            if (++_streak == 10)
            {
                _found = true;
                _epochs.Add(_streakStart - _start);
            }
        }

        /// <summary>Every epoch's figure (-1: not found), the last one only if it was found.</summary>
        public IReadOnlyList<int> Close() => _epochs;
    }

    private static async Task<JsonObject> MicroAsync(World world)
    {
        var random = new Random(7);
        var time = new SimClock(DateTimeOffset.UtcNow);
        var folder = Directory.CreateTempSubdirectory("a42-micro-").FullName;
        var store = new RoutingFileStore(Path.Combine(folder, "dynamic_routing.json"), NullLogger.Instance);
        var options = new RoutingOptions();
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(time), options);
        var day = world.Days[^1];
        var registry = new ProviderRegistry(world.Known(day), []);
        var stats = new OutcomeStats();
        foreach (var _ in Enumerable.Range(0, 2000))
        {
            stats.Add(world.Simulate(day.Available[random.Next(day.Available.Count)], Types[random.Next(Types.Length)], false, random, time.GetUtcNow()));
        }

        store.Save(Reranker.Rerank(stats, registry.Routable(true, null).Select(m => m.Key).ToArray(), (_, _) => null, options, time.GetUtcNow()));
        // Warm up first, as a long-running host is: tiered compilation settles within the first second.
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        for (var i = 0; Stopwatch.GetTimestamp() < warmUntil; i++)
        {
            router.Route(Types[i % Types.Length], registry, stats, random);
        }

        const int Decisions = 5000;
        var decisions = new double[Decisions];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Decisions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            router.Route(Types[i % Types.Length], registry, stats, random);
            decisions[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        // Bytes allocated per decision: unlike its time, this does not depend on the machine's load.
        var decisionBytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Decisions;
        var eligibleModels = registry.Routable(true, null).Count;
        Array.Sort(decisions);

        // Recording. What the router learns from is the outcome line: the real OutcomeRecorder appends it (fsynced,
        // group-committed) and a real RoutingService takes it into its running sums, as a finished task does; it
        // never reranks here (reranking is timed below). Sequential: one caller awaiting each. Amortised: 32 callers
        // at once (the host runs tasks concurrently), wall time / outcomes; each still waits for its own fsync, but
        // lines pending together share one, and the batches say how many fsyncs there were. The reflection file is a
        // separate, human-readable artifact: the full RecordAsync, with it, is timed on its own. Each over 2,000 outcomes.
        const int Warmup = 50, Outcomes = 2000, Callers = 32;
        var recordFolder = Path.Combine(folder, "record");
        Directory.CreateDirectory(recordFolder);
        var writer = new OutcomeLogWriter(Path.Combine(recordFolder, OutcomeRecorder.OutcomeLog));
        var recorder = new OutcomeRecorder(writer, recordFolder);
        var routing = Routing(time, writer);
        AgentRunResult Run(int i)
        {
            var outcome = world.Simulate(day.Available[i % day.Available.Count], Types[i % Types.Length], false, random, time.GetUtcNow());
            return new AgentRunResult($"t-bench-{i:00000}", "a simulated task", outcome.Type, "answer", outcome.Success, outcome.Success ? "approved" : "max_iterations",
                outcome.ModelKey, "or-free-critic", outcome.Iterations, outcome.MaxIterations, outcome.CriticScore, outcome.PromptTokens,
                outcome.CompletionTokens, TimeSpan.FromMilliseconds(outcome.LatencyMs), 2, new Dictionary<ModelFailureKind, int>(), ["be brief"]);
        }

        async Task LineAsync(AgentRunResult run) => routing.OutcomeRecorded(await recorder.AppendAsync(run, time.GetUtcNow(), CancellationToken.None));
        async Task WithReflectionAsync(AgentRunResult run) => routing.OutcomeRecorded(await recorder.RecordAsync(run, time.GetUtcNow(), CancellationToken.None));

        async Task<(double Micros, long Batches)> ConcurrentlyAsync(AgentRunResult[] batch, Func<AgentRunResult, Task> record)
        {
            var next = -1;
            var batchesBefore = recorder.FsyncBatches;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < batch.Length; i = Interlocked.Increment(ref next))
                {
                    await record(batch[i]);
                }
            })));
            return (Stopwatch.GetElapsedTime(started).TotalMicroseconds / batch.Length, recorder.FsyncBatches - batchesBefore);
        }

        var runs = Enumerable.Range(0, Warmup + (3 * Outcomes)).Select(Run).ToArray();
        foreach (var run in runs[..Warmup])
        {
            await WithReflectionAsync(run);
        }

        // The disk's speed under the current load, so the figures below can be read against it.
        var fsyncProbeMicros = FsyncProbeMicros(recordFolder);
        var sequentialStarted = Stopwatch.GetTimestamp();
        // All threads' bytes (the append's continuations run on the pool), so a little of the runtime's own is in it.
        var recordAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var run in runs[Warmup..(Warmup + Outcomes)])
        {
            await LineAsync(run);
        }

        var sequentialMicros = Stopwatch.GetElapsedTime(sequentialStarted).TotalMicroseconds / Outcomes;
        var recordBytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - recordAllocatedBefore) / Outcomes;
        var (amortisedMicros, amortisedBatches) = await ConcurrentlyAsync(runs[(Warmup + Outcomes)..(Warmup + (2 * Outcomes))], LineAsync);
        var (reflectionMicros, reflectionBatches) = await ConcurrentlyAsync(runs[(Warmup + (2 * Outcomes))..], WithReflectionAsync);
        var (logged, _) = OutcomeLog.Read(recorder.OutcomePath);
        if (routing.Stats().Count != runs.Length || logged.Count != runs.Length)
        {
            throw new InvalidOperationException($"{runs.Length} outcomes recorded, but the log has {logged.Count} and the routing sums {routing.Stats().Count}");
        }

        // Rerank of 400 models by 12 task types.
        var big = new OutcomeStats();
        var keys = Enumerable.Range(0, 400).Select(i => $"or-free-sim-{i:000}").ToArray();
        foreach (var key in keys)
        {
            foreach (var type in Types)
            {
                for (var k = 0; k < 6; k++)
                {
                    big.Add(new OutcomeRecord("t", key, type, random.NextDouble() < 0.6, 1 + random.Next(3), 8, random.NextDouble(), 500, 200, 1000, time.GetUtcNow()));
                }
            }
        }

        var rerankStarted = Stopwatch.GetTimestamp();
        var file = Reranker.Rerank(big, keys, (_, _) => null, options, time.GetUtcNow());
        var rerankMs = Stopwatch.GetElapsedTime(rerankStarted).TotalMilliseconds;
        Directory.Delete(folder, recursive: true);
        return new JsonObject
        {
            ["routing_decision_median_us"] = Math.Round(decisions[decisions.Length / 2], 2),
            ["routing_decision_p95_us"] = Math.Round(decisions[(int)(decisions.Length * 0.95)], 2),
            ["routing_decision_allocated_bytes"] = Math.Round(decisionBytes, 1),
            ["routing_decision_eligible_models"] = eligibleModels,
            ["fsync_probe_us"] = Math.Round(fsyncProbeMicros, 1),
            ["record_outcome_sequential_us"] = Math.Round(sequentialMicros, 2),
            ["record_outcome_amortised_us"] = Math.Round(amortisedMicros, 2),
            ["record_outcome_allocated_bytes"] = Math.Round(recordBytes, 0),
            ["record_outcome_fsync_batches"] = amortisedBatches,
            ["record_with_reflection_amortised_us"] = Math.Round(reflectionMicros, 2),
            ["record_with_reflection_fsync_batches"] = reflectionBatches,
            ["record_whole_log_reads"] = routing.LogReads,
            ["rerank_400_models_12_types_ms"] = Math.Round(rerankMs, 1),
            ["reranked_types"] = file.Routing.Count,
            ["targets"] = "decision median < 20 us; record_outcome_amortised_us < 50 us (the outcome line durable, fsynced, plus the routing sums; "
                + "the reflection file is a separate artifact, shown in record_with_reflection_amortised_us); rerank < 50 ms",
        };
    }

    /// <summary>A RoutingService on the folder's log that never reranks; its catalog is never fetched.</summary>
    private static RoutingService Routing(TimeProvider time, OutcomeLogWriter writer)
    {
        var folder = Path.GetDirectoryName(writer.Path)!;
        var configuration = new ConfigurationBuilder().Build();
        var options = new RoutingOptions { RerankEveryTasks = 100_000 };
        var store = new RoutingFileStore(Path.Combine(folder, "dynamic_routing.json"), NullLogger.Instance);
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = "http://127.0.0.1:1/api/v1" },
            new ModelCatalogStore(folder, time, NullLogger<ModelCatalogStore>.Instance), time, NullLogger<ModelCatalogSync>.Instance);
        return new RoutingService(catalog, new ModelRouter(configuration, store, new ModelCooldowns(time), options), store, options,
            configuration, writer, time);
    }

    /// <summary>The median of 20 small appends, each fsynced, to a file of its own in the folder: what one fsync costs now.</summary>
    private static double FsyncProbeMicros(string folder)
    {
        var line = new byte[400];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        var path = Path.Combine(folder, "fsync-probe");
        var samples = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0))
            {
                stream.Write(line);
                stream.Flush(flushToDisk: true);
            }

            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        File.Delete(path);
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private sealed record Day(DateTimeOffset Date, IReadOnlyList<string> Available);

    private sealed class World
    {
        private readonly Dictionary<(string, TaskType), double> _rates = [];
        private readonly Dictionary<string, (int Start, int Length)[]> _bursts = [];
        private readonly Dictionary<string, int> _tokens = [];

        public List<Day> Days { get; } = [];

        public List<string> Models { get; } = [];

        public static World Create(string historyPath, int seed)
        {
            var random = new Random(seed);
            var world = new World();
            var history = JsonNode.Parse(File.ReadAllText(historyPath))!["days"]!.AsObject();
            foreach (var (date, day) in history.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var ids = day!["free_ids"]!.AsArray().Select(i => ModelKeys.FreeKey(i!.GetValue<string>())).Distinct().Order(StringComparer.Ordinal).ToList();
                world.Days.Add(new Day(DateTimeOffset.Parse(date + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ids));
            }

            world.Models.AddRange(world.Days.SelectMany(d => d.Available).Distinct().Order(StringComparer.Ordinal));
            foreach (var model in world.Models)
            {
                var quality = 0.25 + (0.6 * random.NextDouble());
                foreach (var type in Types)
                {
                    world._rates[(model, type)] = Math.Clamp(quality + ((random.NextDouble() - 0.5) * 0.3), 0.02, 0.98);
                }

                world._tokens[model] = 300 + random.Next(3000);
                world._bursts[model] = Enumerable.Range(0, 3).Select(_ => (random.Next(10_000), 20 + random.Next(120))).ToArray();
            }

            return world;
        }

        public double Rate(string model, TaskType type) => _rates[(model, type)];

        public bool InBurst(string model, int task) => _bursts.TryGetValue(model, out var bursts) && bursts.Any(b => task >= b.Start && task < b.Start + b.Length);

        public IReadOnlyList<KnownModel> Known(Day day)
        {
            var today = day.Available.ToHashSet(StringComparer.Ordinal);
            return Models.Select(m => new KnownModel(m, m, m, m, _tokens[m] * 40, true, false,
                today.Contains(m) ? ModelStatus.Available : ModelStatus.Missing, day.Date, day.Date, day.Date)).ToList();
        }

        public OutcomeRecord Simulate(string model, TaskType type, bool trial, Random random, DateTimeOffset at)
        {
            var rate = Rate(model, type);
            var success = random.NextDouble() < rate;
            var iterations = success ? 1 + (random.NextDouble() < 1 - rate ? 1 : 0) + (random.NextDouble() < 0.3 * (1 - rate) ? 1 : 0) : 5;
            var critic = Math.Clamp(rate + ((random.NextDouble() - 0.5) * 0.3), 0, 1);
            var tokens = _tokens[model] * iterations;
            return new OutcomeRecord("sim", model, type, success, iterations, 8, critic, tokens * 3 / 4, tokens / 4, 1000, at, trial);
        }
    }

    private sealed class SimClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Set(DateTimeOffset now) => _now = now;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
