using Agent42.Bench.Simulation;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Tests.Bench.Simulation;

public sealed class SimRunnerTests
{
    private const string Good = "or-free-good";
    private const string Poor = "or-free-poor";

    private static string History => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "openrouter", "free-ids-by-day-2026.json");

    [Test]
    public async Task Regret_IsZeroForThePolicyThatTakesTheBest_AndTheRateGapPerTaskForOneThatNeverDoes()
    {
        var world = TwoModels(200);

        var best = await SimRunner.RunAsync(world, _ => new FixedPolicy(Good, Poor));
        var worst = await SimRunner.RunAsync(world, _ => new FixedPolicy(Poor, Good));

        Assert.Multiple(() =>
        {
            Assert.That(best.Regret, Is.EqualTo(0).Within(1e-9));
            Assert.That(best.Reward, Is.EqualTo(200 * 0.9).Within(1e-9));
            Assert.That(worst.Regret, Is.EqualTo(200 * 0.8).Within(1e-9));
        });
    }

    [Test]
    public async Task ARateLimitedModel_FailsOverToTheNext_WhichTheOracleAlsoHasToTake()
    {
        // The good model answers 429 for tasks 20-49: the failover moves on, and an oracle could not have done better.
        var world = TwoModels(100, goodLimited: (20, 30));
        var policy = new FixedPolicy(Good, Poor);

        var run = await SimRunner.RunAsync(world, _ => policy);

        Assert.Multiple(() =>
        {
            Assert.That(run.Regret, Is.EqualTo(0).Within(1e-9));
            Assert.That(policy.Seen.Count(o => o.ModelKey == Poor), Is.EqualTo(30));
            Assert.That(policy.Seen.Where(o => o.ModelKey == Poor).Select(o => o.Failures.GetValueOrDefault("model_rate_limit")), Is.All.EqualTo(1));
        });
    }

    [Test]
    public async Task ATrialWhoseModelAnswers429_IsNotRecordedAsATrial()
    {
        var world = TwoModels(100, goodLimited: (0, 10));
        var policy = new FixedPolicy(Good, Poor) { Trial = true };

        var run = await SimRunner.RunAsync(world, _ => policy);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Seen.Where(o => o.ModelKey == Poor).Select(o => o.IsTrial), Is.All.False);
            Assert.That(policy.Seen.Where(o => o.ModelKey == Good).Select(o => o.IsTrial), Is.All.True);
            Assert.That(run.Trials, Is.EqualTo(90));
        });
    }

    [Test]
    public async Task WhenEveryModelIsRateLimited_TheTaskIsUnanswered_NothingIsRecorded_AndNoPolicyCouldHaveDoneBetter()
    {
        var world = TwoModels(50, goodLimited: (0, 50), poorLimited: (10, 5));
        var policy = new FixedPolicy(Good, Poor);

        var run = await SimRunner.RunAsync(world, _ => policy);

        Assert.Multiple(() =>
        {
            Assert.That(run.Unanswered, Is.EqualTo(5));
            Assert.That(policy.Seen, Has.Count.EqualTo(45));
            Assert.That(run.Regret, Is.EqualTo(0).Within(1e-9));
        });
    }

    [Test]
    public void AFamilyAndSeed_AlwaysBuildTheSameWorld_AndAnotherSeedAnother()
    {
        foreach (var family in WorldFamilies.All)
        {
            var a = WorldFamilies.Create(family, 3, 500, History);
            var b = WorldFamilies.Create(family, 3, 500, History);
            var c = WorldFamilies.Create(family, 4, 500, History);

            Assert.Multiple(() =>
            {
                Assert.That(b.TypeOf, Is.EqualTo(a.TypeOf), family);
                Assert.That(b.Rates, Is.EqualTo(a.Rates), family);
                Assert.That(b.Outcome(0, 17, false, b.At(17)), Is.EqualTo(a.Outcome(0, 17, false, a.At(17))), family);
                Assert.That(c.Rates, Is.Not.EqualTo(a.Rates), family);
            });
        }
    }

    [Test]
    public void TheSpecialistsMix_GivesThreeTypesOneToThreePercentOfTheTraffic()
    {
        var world = WorldFamilies.Create("specialists", 5, 20_000, History);

        var shares = world.TypeOf.GroupBy(t => t).Select(g => (double)g.Count() / world.Tasks).Order().ToArray();

        Assert.That(shares[..3], Is.EqualTo(new[] { 0.01, 0.02, 0.03 }).Within(0.005));
    }

    [Test]
    public void EveryVariant_BuildsTheSameWorldForTheSameSeed_AndIsSelectedByItsName()
    {
        Assert.That(HoldoutWorlds.Expand([VariantWorlds.Selector]), Is.EqualTo(VariantWorlds.All));
        foreach (var family in VariantWorlds.All)
        {
            var a = WorldFamilies.Create(family, 3, 500, History);
            var b = WorldFamilies.Create(family, 3, 500, History);

            Assert.Multiple(() =>
            {
                Assert.That(a.Family, Is.EqualTo(family));
                Assert.That(b.Rates, Is.EqualTo(a.Rates), family);
                Assert.That(b.Outcome(1, 17, false, b.At(17)), Is.EqualTo(a.Outcome(1, 17, false, a.At(17))), family);
                Assert.That(WorldFamilies.Create(family, 4, 500, History).Rates, Is.Not.EqualTo(a.Rates), family);
            });
        }
    }

    [Test]
    public void TheQuietSignalsWorld_RecordsNoCriticScore_AndIterationsThatSayNothingOfSuccess()
    {
        var world = WorldFamilies.Create("variant-quiet-signals", 2, 4000, History);

        var outcomes = Enumerable.Range(0, world.Tasks).Select(t => world.Outcome(t % world.Models.Count, t, false, world.At(t))).ToList();
        double MeanIterations(bool success) => outcomes.Where(o => o.Success == success).Average(o => o.Iterations);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.All(o => o.CriticScore is null), Is.True);
            Assert.That(outcomes.Select(o => o.Iterations).Distinct().Order(), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
            Assert.That(MeanIterations(true), Is.EqualTo(MeanIterations(false)).Within(0.15), "iterations drawn regardless of success");
        });
    }

    [Test]
    public void TheDegradeRecoverWorld_TakesTheIncumbentDownAndBackUp()
    {
        var world = WorldFamilies.Create("variant-degrade-recover", 1, 6000, History);
        var incumbent = Enumerable.Range(0, world.Models.Count).MaxBy(m => world.Rate(m, TaskType.Coding, 0));

        var rates = Enumerable.Range(0, world.Tasks).Select(t => world.Rate(incumbent, TaskType.Coding, t)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(rates[0], Is.GreaterThanOrEqualTo(0.82));
            Assert.That(rates[(int)(0.5 * world.Tasks)], Is.EqualTo(rates[0] - 0.35).Within(1e-9), "down at half-way");
            Assert.That(rates[^1], Is.EqualTo(rates[0]), "back at the end");
        });
    }

    [Test]
    public async Task EveryPolicy_RepeatsExactly_OnTheSameWorldAndSeed()
    {
        var world = WorldFamilies.Create("late-arrival", 7, 300, History);

        foreach (var create in new Func<SimClock, IRoutingPolicy>[] { c => Agent42Policy.Create(c, 7), _ => new PlanPolicy(8), _ => new ThompsonPolicy(9) })
        {
            var first = await SimRunner.RunAsync(world, create);
            var second = await SimRunner.RunAsync(world, create);

            Assert.That(first.Repeatable, Is.True, $"{first.Policy}: its random source could not be seeded");
            Assert.That((second.Regret, second.Trials, second.LateAdoption), Is.EqualTo((first.Regret, first.Trials, first.LateAdoption)), first.Policy);
        }
    }

    [Test]
    public async Task ARunShorterThanTheHistory_SyncsEachTaskToItsLastDay()
    {
        // 61 days over 30 tasks: most tasks span two days, and the last task must see the last day's catalog.
        var world = WorldFamilies.Create("churn-rate-limited", 2, 30, History);
        var policy = new FixedPolicy();

        await SimRunner.RunAsync(world, _ => policy);

        var lastDay = world.Models.Where((_, i) => world.Catalog[^1].Listed[i]).Select(m => m.Key);
        Assert.Multiple(() =>
        {
            Assert.That(policy.Syncs, Is.LessThanOrEqualTo(30));
            Assert.That(policy.LastCatalog.Where(m => m.IsRoutable).Select(m => m.Key), Is.EquivalentTo(lastDay));
        });
    }

    /// <summary>Two models on coding only: the good one at 0.9, the poor one at 0.1 with the larger context (so the built-in default).</summary>
    private static SimWorld TwoModels(int tasks, (int Start, int Length)? goodLimited = null, (int Start, int Length)? poorLimited = null)
    {
        var rates = new double[2, SimWorld.AllTypes.Length];
        for (var t = 0; t < SimWorld.AllTypes.Length; t++)
        {
            (rates[0, t], rates[1, t]) = (0.9, 0.1);
        }

        return new SimWorld("two", 1, [new SimModel(Good, 100_000, 500), new SimModel(Poor, 200_000, 500)], Enumerable.Repeat(TaskType.Coding, tasks).ToArray(),
            rates, [new CatalogStep(0, [true, true])], [goodLimited is { } g ? [g] : [], poorLimited is { } p ? [p] : []]);
    }

    /// <summary>Always the same order (none: every task unanswered); keeps what it is shown.</summary>
    private sealed class FixedPolicy(params string[] order) : IRoutingPolicy
    {
        public List<OutcomeRecord> Seen { get; } = [];

        public bool Trial { get; init; }

        public string Name => "fixed";

        public ModelCooldowns? Cooldowns => null;

        public int Syncs { get; private set; }

        public IReadOnlyList<KnownModel> LastCatalog { get; private set; } = [];

        public void CatalogSynced(IReadOnlyList<KnownModel> catalog) => (Syncs, LastCatalog) = (Syncs + 1, catalog);

        public PolicyChoice Choose(TaskType type) =>
            new(order.Select(k => new ModelCandidate(k, k)).ToArray(), Trial, Trial ? RoutingLayer.Trial : RoutingLayer.Dynamic, null);

        public ValueTask ObserveAsync(OutcomeRecord outcome)
        {
            Seen.Add(outcome);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
