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
/// One router over many decisions, as the host keeps it: what it keeps between decisions (the eligible order per
/// type) must never let a decision differ from what a router seeing the same inputs for the first time decides.
/// </summary>
public sealed class ModelRouterReuseTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly RoutingOptions _options = new();
    private readonly IConfiguration _configuration = new ConfigurationBuilder().Build();
    private readonly ModelCooldowns _cooldowns;
    private readonly RoutingFileStore _store;

    public ModelRouterReuseTests()
    {
        _cooldowns = new ModelCooldowns(_time);
        _store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
    }

    public void Dispose() => _data.Dispose();

    private static KnownModel[] Catalog(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => Model($"or-free-m{i:00}", tools: i % 7 != 3, context: 16_384 * (1 + (i % 9)))).ToArray();

    private ModelRouter Router() => new(_configuration, _store, _cooldowns, _options);

    private static ModelCallException RateLimit(int minutes) =>
        new(ModelFailureKind.ModelRateLimit, "rate-limited upstream", 429, TimeSpan.FromMinutes(minutes));

    private static string Describe(RoutingDecision d) =>
        $"{d.Layer} trial={d.IsTrial} max={d.MaxIterations} primary={string.Join(">", d.Primary.Select(c => c.Key + "|" + c.ProviderModelId))}"
        + $" critic={string.Join(">", d.Critic.Select(c => c.Key))} skipped={string.Join("; ", d.Skipped)} reason={d.Reason}";

    [Test]
    public void OverChangingCatalogsCooldownsRoutingFilesAndNeeds_AKeptRouterDecidesAsAFreshOne()
    {
        var kept = Router();
        var changes = new Random(11);
        var stats = new OutcomeStats();
        var registry = new ProviderRegistry(Catalog(24), []);
        var mismatches = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            switch (changes.Next(10))
            {
                case 0:
                    // A catalog sync: some models go, some come.
                    registry = new ProviderRegistry(Catalog(18 + changes.Next(12), changes.Next(6)), []);
                    break;
                case 1:
                    _cooldowns.Record(registry.All[changes.Next(registry.All.Count)].Key, RateLimit(1 + changes.Next(30)));
                    break;
                case 2:
                    _time.Advance(TimeSpan.FromMinutes(changes.Next(40)));
                    break;
                case 3:
                    var keys = registry.Routable(true, null).Select(m => m.Key).ToArray();
                    _store.Save(Reranker.Rerank(stats, keys, (_, _) => null, _options, _time.GetUtcNow()));
                    break;
                case 4:
                    _cooldowns.RecordSuccess(registry.All[changes.Next(registry.All.Count)].Key);
                    break;
            }

            var type = (TaskType)changes.Next(12);
            var usesTools = changes.Next(4) != 0;
            int? minContext = changes.Next(3) switch { 0 => null, 1 => 40_000, _ => changes.Next(160_000) };
            var seed = changes.Next();
            RoutingDecision? a = null, b = null;
            string? failedA = null, failedB = null;
            try
            {
                a = kept.Route(type, registry, stats, new Random(seed), usesTools, minContext: minContext);
            }
            catch (RoutingException ex)
            {
                failedA = ex.Message;
            }

            try
            {
                b = Router().Route(type, registry, stats, new Random(seed), usesTools, minContext: minContext);
            }
            catch (RoutingException ex)
            {
                failedB = ex.Message;
            }

            var (da, db) = (a is null ? failedA! : Describe(a), b is null ? failedB! : Describe(b));
            if (da != db)
            {
                mismatches.Add($"decision {i}: kept {da}\n  fresh {db}");
            }

            var routed = (a ?? b)?.Primary[0].Key;
            if (routed is not null)
            {
                stats.Add(Outcome(routed, type, success: changes.NextDouble() < 0.6, trial: a?.IsTrial ?? false));
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void AModelThatStartsCoolingDown_IsSkippedAtOnce_AndBackWhenItEnds()
    {
        var router = Router();
        var registry = new ProviderRegistry(Catalog(6), []);
        var stats = new OutcomeStats();
        var first = router.Route(TaskType.Coding, registry, stats, new Random(1), allowTrial: false).Primary[0].Key;

        _cooldowns.Record(first, RateLimit(10));
        var cooling = router.Route(TaskType.Coding, registry, stats, new Random(1), allowTrial: false);
        _time.Advance(TimeSpan.FromMinutes(11));
        var after = router.Route(TaskType.Coding, registry, stats, new Random(1), allowTrial: false);

        Assert.Multiple(() =>
        {
            Assert.That(cooling.Primary.Select(c => c.Key), Does.Not.Contain(first));
            Assert.That(cooling.Skipped, Has.Some.StartsWith(first + ": cooling down"));
            Assert.That(after.Primary[0].Key, Is.EqualTo(first));
            Assert.That(after.Skipped, Is.Empty);
        });
    }

    [Test]
    public void ADecisionsLists_CannotBeChangedToPoisonTheNext()
    {
        var router = Router();
        var registry = new ProviderRegistry(Catalog(6), []);
        var stats = new OutcomeStats();
        var first = router.Route(TaskType.Email, registry, stats, new Random(1), allowTrial: false);

        Assert.Multiple(() =>
        {
            Assert.That(() => ((IList<ModelCandidate>)first.Primary)[0] = new ModelCandidate("or-free-evil", "evil"), Throws.InstanceOf<NotSupportedException>());
            Assert.That(() => ((IList<ModelCandidate>)first.Critic).Clear(), Throws.InstanceOf<NotSupportedException>());
            Assert.That(router.Route(TaskType.Email, registry, stats, new Random(1), allowTrial: false).Primary[0].Key, Is.EqualTo(first.Primary[0].Key));
        });
    }

    [Test]
    public void ManyThreadsOnOneRouter_DecideAsOneThreadDoes()
    {
        var router = Router();
        var registry = new ProviderRegistry(Catalog(30), []);
        var stats = OutcomeStats.From(Enumerable.Range(0, 300).Select(i => Outcome($"or-free-m{i % 30:00}", (TaskType)(i % 12), success: i % 3 != 0)));
        string Decide(int i) => Describe(router.Route((TaskType)(i % 12), registry, stats, new Random(i), usesTools: i % 2 == 0,
            minContext: i % 3 == 0 ? null : 20_000 * (i % 5)));
        var expected = Enumerable.Range(0, 600).Select(i => Describe(Router().Route((TaskType)(i % 12), registry, stats, new Random(i),
            usesTools: i % 2 == 0, minContext: i % 3 == 0 ? null : 20_000 * (i % 5)))).ToArray();

        var got = new string[expected.Length];
        Parallel.For(0, expected.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => got[i] = Decide(i));

        Assert.That(got, Is.EqualTo(expected));
    }
    [Test]
    public void OutcomesOfOtherTypesAndNoneAtAllBetweenDecisions_AKeptRouterDecidesAsAFreshOne()
    {
        // The kept pool's posteriors move with outcomes of other types too (the critic's calibration is across types,
        // the related types' priors across a group), and with the priors: each must refill it.
        var kept = Router();
        var changes = new Random(5);
        var registry = new ProviderRegistry(Catalog(20), []);
        var keys = registry.Routable(false, null).Select(m => m.Key).ToArray();
        var stats = OutcomeStats.From(Enumerable.Range(0, 240).Select(i => Outcome(keys[i % keys.Length], (TaskType)(i % 12), success: i % 3 != 0)));
        Func<string, double?> prior = _ => null;
        var mismatches = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var type = (TaskType)changes.Next(3);
            var seed = changes.Next();
            var a = Describe(kept.Route(type, registry, stats, new Random(seed), usesTools: false, prior));
            var b = Describe(Router().Route(type, registry, stats, new Random(seed), usesTools: false, prior));
            if (a != b)
            {
                mismatches.Add($"decision {i}: kept {a}\n  fresh {b}");
            }

            switch (changes.Next(4))
            {
                case 0:
                    // Another type's outcome, with a critic score far from its success.
                    stats.Add(Outcome(keys[changes.Next(keys.Length)], (TaskType)(3 + changes.Next(9)), success: changes.Next(2) == 0,
                        critic: changes.NextDouble()));
                    break;
                case 1:
                    var research = changes.NextDouble();
                    prior = key => key == keys[0] ? research : null;
                    break;
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void AnotherStatsWithAsManyOutcomes_IsNotTakenForTheOneAPoolWasFilledFrom()
    {
        var router = Router();
        var registry = new ProviderRegistry(Catalog(8), []);
        var good = OutcomeStats.From(Enumerable.Range(0, 80).Select(i => Outcome($"or-free-m{i % 8:00}", success: i % 8 == 5)));
        var other = OutcomeStats.From(Enumerable.Range(0, 80).Select(i => Outcome($"or-free-m{i % 8:00}", success: i % 8 == 2)));
        Assume.That(other.Version, Is.EqualTo(good.Version));
        router.Route(TaskType.Coding, registry, good, new Random(1));

        var kept = Enumerable.Range(0, 40).Select(seed => Describe(router.Route(TaskType.Coding, registry, other, new Random(seed)))).ToList();
        var fresh = Enumerable.Range(0, 40).Select(seed => Describe(Router().Route(TaskType.Coding, registry, other, new Random(seed)))).ToList();

        Assert.That(kept, Is.EqualTo(fresh));
    }
}
