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

/// <summary>Exploration in a small closed loop: route, observe a seeded hidden outcome, rerank every ten tasks.</summary>
public sealed class TrialSelectorTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly RoutingOptions _options = new();

    public void Dispose() => _data.Dispose();

    /// <summary>Runs coding tasks; returns the model each went to.</summary>
    private List<string> Loop(int tasks, Func<int, IReadOnlyList<KnownModel>> catalog, Func<int, string, double> rate, int seed = 5)
    {
        var store = new RoutingFileStore(_data.Combine($"routing-{seed}.json"), NullLogger.Instance);
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options);
        var stats = new OutcomeStats();
        var random = new Random(seed);
        var world = new Random(seed + 1);
        var routed = new List<string>();
        for (var i = 0; i < tasks; i++)
        {
            var registry = new ProviderRegistry(catalog(i), []);
            var decision = router.Route(TaskType.Coding, registry, stats, random);
            var key = decision.Primary[0].Key;
            var p = rate(i, key);
            stats.Add(Outcome(key, success: world.NextDouble() < p, critic: p, trial: decision.IsTrial));
            routed.Add(key);
            if ((i + 1) % 10 == 0)
            {
                store.Save(Reranker.Rerank(stats, registry.Routable(true, null).Select(m => m.Key).ToArray(), (_, _) => null, _options, _time.GetUtcNow()));
            }
        }

        return routed;
    }

    private static readonly KnownModel[] Three = [Model("or-free-a", context: 300000), Model("or-free-b", context: 200000), Model("or-free-c", context: 100000)];

    [Test]
    public void ADegradedIncumbent_IsLeftWithinFiftyTasks()
    {
        // a is best (0.9) until task 400, then falls to 0.45; b stays at 0.75, c at 0.5.
        double Rate(int i, string key) => key switch { "or-free-a" => i < 400 ? 0.9 : 0.45, "or-free-b" => 0.75, _ => 0.5 };
        var routed = Loop(600, _ => Three, Rate);

        var before = routed.Skip(300).Take(100).Count(k => k == "or-free-a");
        var lag = Enumerable.Range(400, 200).First(i => routed.Skip(i).Take(10).All(k => k == "or-free-b")) - 400;

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.GreaterThan(85), "before the change the best model takes nearly every task");
            Assert.That(lag, Is.LessThanOrEqualTo(50), "ten tasks in a row to the new best within fifty of the change");
        });
    }

    [Test]
    public void ABetterModelArrivingLate_IsRoutedWithinFifteenTasks()
    {
        KnownModel[] early = [Three[0], Three[1]];
        double Rate(int i, string key) => key switch { "or-free-a" => 0.7, "or-free-b" => 0.5, _ => 0.95 };
        var routed = Loop(400, i => i < 300 ? early : Three, Rate);

        var firstTried = routed.Skip(300).ToList().IndexOf("or-free-c");
        var adopted = routed.Skip(300).Take(60).Count(k => k == "or-free-c");

        Assert.Multiple(() =>
        {
            Assert.That(firstTried, Is.InRange(0, 3), "the reserve tries a newcomer at once");
            Assert.That(routed.Skip(315).Take(20).Count(k => k == "or-free-c"), Is.GreaterThan(15), "within fifteen tasks it takes most of them");
            Assert.That(adopted, Is.GreaterThan(40));
        });
    }

    [Test]
    public void ATypeWithFewTasks_StillExplores()
    {
        // Only 30 tasks of the type, and the default's model is the worst: a per-type trial counter would try almost nothing.
        double Rate(int i, string key) => key switch { "or-free-a" => 0.3, "or-free-b" => 0.9, _ => 0.5 };
        var routed = Loop(30, _ => Three, Rate);

        Assert.That(routed.Skip(15).Count(k => k == "or-free-b"), Is.GreaterThan(10));
    }

    [Test]
    public void TheReserve_WaitsUntilSomeModelIsEstablishedOnTheType()
    {
        // With three runs of one model, every model is still new to the type: a reserve for each would take the
        // type's first tasks from the draws. Once one has its reserve's worth of runs, a newcomer gets them at once.
        var store = new RoutingFileStore(_data.Combine("routing-reserve.json"), NullLogger.Instance);
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options);
        var registry = new ProviderRegistry(Three, []);
        string[] TrialReasons(OutcomeStats stats) => Enumerable.Range(0, 200)
            .Select(seed => router.Route(TaskType.Coding, registry, stats, new Random(seed)))
            .Where(d => d.IsTrial).Select(d => d.Reason).ToArray();

        var young = TrialReasons(OutcomeStats.From(Many(3, "or-free-a")));
        var established = TrialReasons(OutcomeStats.From(Many(TrialSelector.ReservePulls, "or-free-a")));

        Assert.Multiple(() =>
        {
            Assert.That(young, Is.Not.Empty, "the draws still explore a young type");
            Assert.That(young, Has.None.Contains("from the reserve"));
            Assert.That(established, Has.Some.Contains("from the reserve"));
        });
    }

    [Test]
    public void TheReserve_ForcesOnlyAModelKnownNowhereElse_AModelWithARecordOnOtherTypesIsLeftToItsDraws()
    {
        // b has a middling record on debugging, c none anywhere; both are new to coding, where a is established. Before,
        // both were forced their first outcomes on coding; b's prior from debugging now informs its draws instead.
        var store = new RoutingFileStore(_data.Combine("routing-known.json"), NullLogger.Instance);
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options);
        var registry = new ProviderRegistry(Three, []);
        var stats = OutcomeStats.From(Many(40, "or-free-a", critic: 0.7).Concat(Many(30, "or-free-b", TaskType.Debugging, critic: 0.6)));
        var trials = Enumerable.Range(0, 300).Select(seed => router.Route(TaskType.Coding, registry, stats, new Random(seed)))
            .Where(d => d.IsTrial).ToArray();
        string[] ReasonsFor(string key) => trials.Where(d => d.Primary[0].Key == key).Select(d => d.Reason).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ReasonsFor("or-free-c"), Is.Not.Empty.And.All.Contains("is known nowhere else and promising"));
            Assert.That(ReasonsFor("or-free-b"), Has.None.Contains("from the reserve"));
            Assert.That(ReasonsFor("or-free-c").Length, Is.GreaterThan(ReasonsFor("or-free-b").Length), "the reserve goes first");
        });
    }

    /// <summary>Where 400 coding decisions with different seeds go, a ranked first by a rerank of the log.</summary>
    private Dictionary<string, int> Decisions(OutcomeStats stats, IReadOnlyList<KnownModel> models, string name)
    {
        var store = new RoutingFileStore(_data.Combine($"routing-{name}.json"), NullLogger.Instance);
        store.Save(Reranker.Rerank(stats, models.Select(m => m.Key).ToArray(), (_, _) => null, _options, _time.GetUtcNow()));
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options);
        var registry = new ProviderRegistry(models, []);
        return Enumerable.Range(0, 400).Select(seed => router.Route(TaskType.Coding, registry, stats, new Random(seed)).Primary[0].Key)
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
    }

    [Test]
    public void AWellKnownModelClearlyBehind_IsNotExplored_WhereItsRunsCouldNotPayForThemselves()
    {
        // b's 60 runs at 0.7 against a's 200 at 0.8: a draw from b's posterior still beats a's now and then, and
        // Thompson sampling sent it 31 of 400; but the runs it would take to show b ahead cost more than they
        // could win back in the tasks the type remembers, so the tasks stay with a.
        var stats = OutcomeStats.From(Runs(200, "or-free-a", 0.8).Concat(Runs(60, "or-free-b", 0.7)));

        var routed = Decisions(stats, [Three[0], Three[1]], "behind");

        Assert.That(routed.GetValueOrDefault("or-free-b"), Is.Zero);
    }

    [Test]
    public void AModelKnownPoorOnAlikeTypes_IsNotGivenFirstLooksHere_ThatCouldNotPay()
    {
        // b has 200 runs at 0.3 on debugging and refactoring, which the log shows alike to coding, and none on coding,
        // where a has 200 at 0.8. Before, any draw b won with fewer than eight runs on coding was kept whatever it cost
        // (its prior's doubt gives it a flat draw now and then), 6 of 400 here; its record elsewhere now judges it.
        Assert.That(DecisionsForB(elsewhere: 0.3).GetValueOrDefault("or-free-b"), Is.Zero);
    }

    [Test]
    public void AModelKnownWellOnAlikeTypes_IsStillGivenFirstLooksHere()
    {
        // The contrast: b at 0.75 elsewhere could well be ahead of a on coding, so its first looks pay and are kept.
        Assert.That(DecisionsForB(elsewhere: 0.75).GetValueOrDefault("or-free-b"), Is.GreaterThan(20));
    }

    /// <summary>400 coding decisions where a has 200 runs at 0.8 and b none, but 200 at <paramref name="elsewhere"/> on each of two types alike to coding.</summary>
    private Dictionary<string, int> DecisionsForB(double elsewhere) =>
        Decisions(OutcomeStats.From(AlikeOn(TaskType.Coding, TaskType.Debugging, TaskType.Refactoring)
            .Concat(Runs(200, "or-free-a", 0.8))
            .Concat(Runs(200, "or-free-b", elsewhere, TaskType.Debugging))
            .Concat(Runs(200, "or-free-b", elsewhere, TaskType.Refactoring))), [Three[0], Three[1]], $"b-elsewhere-{elsewhere}");

    [Test]
    public void AModelJustBehindWithFewRuns_IsStillExplored()
    {
        // b's 12 runs at 0.75 against a's 200 at 0.8: a dozen more runs could well show it ahead, so its draws are kept.
        var stats = OutcomeStats.From(Runs(200, "or-free-a", 0.8).Concat(Runs(12, "or-free-b", 0.75)));

        var routed = Decisions(stats, [Three[0], Three[1]], "close");

        Assert.That(routed.GetValueOrDefault("or-free-b"), Is.GreaterThan(20));
    }

    [Test]
    public void AModelHeldBack_IsExploredAgain_OnceItsRecordHasFaded()
    {
        // The same b as above, then 20,000 more runs of a alone: what b's 60 runs showed has faded (the decision record
        // forgets), so exploring it pays again: the gate spares what the record makes certain, not a model for good.
        var stats = OutcomeStats.From(Runs(60, "or-free-b", 0.7).Concat(Runs(20_200, "or-free-a", 0.8)));

        var routed = Decisions(stats, [Three[0], Three[1]], "faded");

        Assert.That(routed.GetValueOrDefault("or-free-b"), Is.GreaterThan(4));
    }

    [Test]
    public void AModelLeftOnEveryType_IsProbed_ButNotOnEveryTaskRoutedBeforeTheProbesOutcome()
    {
        // b's 60 runs at 0.55, then 1,000 of a at 0.8: its record is sure it trails, so no draw of it pays; but it has
        // been left for 1,000 outcomes, so a task looks at it in case it changed. The 400 decisions here are routed with
        // no outcome between them, as tasks in flight are: one in ten is a probe, not all 400.
        var stats = OutcomeStats.From(Runs(60, "or-free-b", 0.55).Concat(Runs(1000, "or-free-a", 0.8)));

        var routed = Decisions(stats, [Three[0], Three[1]], "left");
        var store = new RoutingFileStore(_data.Combine("routing-left-reason.json"), NullLogger.Instance);
        var router = new ModelRouter(new ConfigurationBuilder().Build(), store, new ModelCooldowns(_time), _options);
        var probe = Enumerable.Range(0, 400).Select(seed => router.Route(TaskType.Coding, new ProviderRegistry([Three[0], Three[1]], []), stats, new Random(seed)))
            .First(d => d.Primary[0].Key == "or-free-b");

        Assert.Multiple(() =>
        {
            Assert.That(routed.GetValueOrDefault("or-free-b"), Is.InRange(20, 70), "about one in ten of 400");
            Assert.That(probe.IsTrial, Is.True, "logged as a trial");
            Assert.That(probe.Reason, Does.StartWith("probe: or-free-b (60 outcomes on coding;").And.Contain("in case it has changed"));
        });
    }

    [Test]
    public void AModelLeftButHopeless_IsNotProbed()
    {
        // c trails by 0.6: a better build of it would still have to be a different model to matter.
        var stats = OutcomeStats.From(Runs(60, "or-free-c", 0.2).Concat(Runs(1000, "or-free-a", 0.8)));

        var routed = Decisions(stats, [Three[0], Three[2]], "hopeless");

        Assert.That(routed.GetValueOrDefault("or-free-c"), Is.Zero);
    }

    [Test]
    public void ALeftModelThatImproved_IsFoundByItsProbes_AndTakesTheTasks()
    {
        // b trails at 0.6 on coding until task 400, then succeeds nineteen times in twenty; a stays at 0.75, c at 0.4.
        double Rate(int i, string key) => key switch { "or-free-a" => 0.75, "or-free-b" => i < 400 ? 0.6 : 0.95, _ => 0.4 };
        var routed = Loop(2400, _ => Three, Rate);

        Assert.Multiple(() =>
        {
            Assert.That(routed.Skip(300).Take(100).Count(k => k == "or-free-b"), Is.LessThan(15), "left before its change");
            Assert.That(routed.Skip(2000).Count(k => k == "or-free-b"), Is.GreaterThan(300), "and found after it");
        });
    }
}
