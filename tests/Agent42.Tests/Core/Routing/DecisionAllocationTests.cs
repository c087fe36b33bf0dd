using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing;

/// <summary>
/// What a routing decision allocates in steady state (the registry, the routing file and the outcomes unchanged since
/// the last decision): bytes counted on the deciding thread, which unlike time do not depend on the machine's load.
/// </summary>
public sealed class DecisionAllocationTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly RoutingOptions _options = new();

    public void Dispose() => _data.Dispose();

    /// <summary>A router over <paramref name="models"/> models with outcomes on every type and a learned routing for half the types.</summary>
    private (ModelRouter Router, ProviderRegistry Registry, OutcomeStats Stats) CreateSut(int models)
    {
        var catalog = Enumerable.Range(0, models).Select(i => Model($"or-free-m{i:00}", context: 8192 * (1 + (i % 16)))).ToArray();
        var registry = new ProviderRegistry(catalog, []);
        var world = new Random(3);
        // One model clearly the best, so its draws win most decisions and most decisions are not trials.
        var stats = OutcomeStats.From(Enumerable.Range(0, 3000).Select(i => world.Next(models) is var m
            ? Outcome(catalog[m].Key, (TaskType)(i % 12), success: world.NextDouble() < (m == 0 ? 0.95 : 0.4), iterations: 1 + world.Next(3))
            : throw new InvalidOperationException()));
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var learned = Reranker.Rerank(stats, catalog.Select(m => m.Key).ToArray(), (_, _) => null, _options, _time.GetUtcNow());
        store.Save(learned with { Routing = learned.Routing.Where((_, i) => i % 2 == 0).ToDictionary() });
        return (new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options), registry, stats);
    }

    /// <summary>Bytes each decision allocated, whether it was a trial, and whether a decision before it had the same type, primary and kind.</summary>
    private static List<(long Bytes, bool Trial, bool Repeat)> Measure(ModelRouter router, ProviderRegistry registry, OutcomeStats stats, bool allowTrial)
    {
        var random = new Random(9);
        var seen = new HashSet<(TaskType, string, bool)>();
        for (var i = 0; i < 240; i++)
        {
            var decision = router.Route((TaskType)(i % 12), registry, stats, random, allowTrial: allowTrial);
            seen.Add((decision.Type, decision.Primary[0].Key, decision.IsTrial));
        }

        var decisions = new List<(long, bool, bool)>(480);
        for (var i = 0; i < 480; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var decision = router.Route((TaskType)(i % 12), registry, stats, random, allowTrial: allowTrial);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            decisions.Add((bytes, decision.IsTrial, !seen.Add((decision.Type, decision.Primary[0].Key, decision.IsTrial))));
        }

        return decisions;
    }

    [TestCase(20)]
    [TestCase(120)]
    public void ADecisionWithATrial_AllocatesOnlyTheDecisionAndItsReason_WhateverTheModelCount(int models)
    {
        var (router, registry, stats) = CreateSut(models);

        var decisions = Measure(router, registry, stats, allowTrial: true);

        // A trial model's orders are made once per kept order (its first trial on the type); then only the decision and its reason.
        var trials = decisions.Where(d => d.Trial && d.Repeat).Select(d => d.Bytes).ToList();
        Assert.That(trials, Has.Count.GreaterThan(0).And.All.LessThanOrEqualTo(MaxTrialBytes));
    }

    [TestCase(20)]
    [TestCase(120)]
    public void WithoutATrial_ADecisionAllocatesNothing_WhateverTheModelCount(int models)
    {
        var (router, registry, stats) = CreateSut(models);

        var untried = Measure(router, registry, stats, allowTrial: true).Where(d => !d.Trial && d.Repeat).Select(d => d.Bytes).ToList();
        var withoutTrials = Measure(router, registry, stats, allowTrial: false).Select(d => d.Bytes).ToList();

        // The same decision for every task of a kept order's shape, made at its first; the routing file's check is a statx, no FileInfo.
        Assert.That(untried, Has.Count.GreaterThan(0).And.All.EqualTo(0));
        Assert.That(withoutTrials, Has.All.EqualTo(0));
    }

    /// <summary>The decision and its reason's closure (the figures it prints, captured when it is made).</summary>
    private const long MaxTrialBytes = 512;
}
