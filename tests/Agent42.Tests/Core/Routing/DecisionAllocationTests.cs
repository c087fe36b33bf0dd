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
        var stats = OutcomeStats.From(Enumerable.Range(0, 3000).Select(i =>
            Outcome(catalog[world.Next(models)].Key, (TaskType)(i % 12), success: world.NextDouble() < 0.6, iterations: 1 + world.Next(3))));
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var learned = Reranker.Rerank(stats, catalog.Select(m => m.Key).ToArray(), (_, _) => null, _options, _time.GetUtcNow());
        store.Save(learned with { Routing = learned.Routing.Where((_, i) => i % 2 == 0).ToDictionary() });
        return (new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options), registry, stats);
    }

    /// <summary>Bytes each decision allocated, and whether it was a trial.</summary>
    private static List<(long Bytes, bool Trial)> Measure(ModelRouter router, ProviderRegistry registry, OutcomeStats stats, bool allowTrial)
    {
        var random = new Random(9);
        for (var i = 0; i < 240; i++)
        {
            router.Route((TaskType)(i % 12), registry, stats, random, allowTrial: allowTrial);
        }

        var decisions = new List<(long, bool)>(480);
        for (var i = 0; i < 480; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var decision = router.Route((TaskType)(i % 12), registry, stats, random, allowTrial: allowTrial);
            decisions.Add((GC.GetAllocatedBytesForCurrentThread() - before, decision.IsTrial));
        }

        return decisions;
    }

    [TestCase(20)]
    [TestCase(120)]
    public void ADecisionWithATrial_AllocatesOnlyItsNewOrder(int models)
    {
        var (router, registry, stats) = CreateSut(models);

        var decisions = Measure(router, registry, stats, allowTrial: true);

        var trials = decisions.Where(d => d.Trial).Select(d => d.Bytes).ToList();
        // The order and the critics with the trial model first (an array of the models each) and the trial's reason.
        var bound = MaxUntriedBytes + (2 * ((8 * models) + 64)) + 256;
        Assert.That(trials, Has.Count.GreaterThan(0).And.All.LessThanOrEqualTo(bound));
    }

    [TestCase(20)]
    [TestCase(120)]
    public void WithoutATrial_ADecisionAllocatesASmallFixedAmount_WhateverTheModelCount(int models)
    {
        var (router, registry, stats) = CreateSut(models);

        var bytes = Measure(router, registry, stats, allowTrial: false).Select(d => d.Bytes).ToList();

        Assert.That(bytes.Max(), Is.LessThanOrEqualTo(MaxUntriedBytes));
    }

    /// <summary>
    /// The decision, its reason's closure and the routing file's freshness check (a FileInfo): 344-432 bytes when
    /// pinned; the lists of models the decision used to build were 16 bytes and more per model.
    /// </summary>
    private const long MaxUntriedBytes = 512;
}
