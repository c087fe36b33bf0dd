using Agent42.Core.Configuration;
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

public sealed class ModelRouterTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, string?> _settings = new();
    private readonly RoutingOptions _options = new();
    private readonly ModelCooldowns _cooldowns;
    private readonly RoutingFileStore _store;

    public ModelRouterTests()
    {
        _cooldowns = new ModelCooldowns(_time);
        _store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
    }

    public void Dispose() => _data.Dispose();

    private static readonly KnownModel[] Models =
    [
        Model("or-free-big", context: 262144),
        Model("or-free-mid", context: 131072),
        Model("or-free-small", context: 32768),
        Model("or-free-notools", tools: false, context: 500000),
        Model("or-free-gone", status: ModelStatus.Missing, context: 900000),
    ];

    private RoutingDecision Route(TaskType type, IReadOnlyList<OutcomeRecord>? outcomes = null, int seed = 1, int? minContext = null)
    {
        var router = new ModelRouter(new ConfigurationBuilder().AddInMemoryCollection(_settings).Build(), _store, _cooldowns, _options);
        return router.Route(type, new ProviderRegistry(Models, []), OutcomeStats.From(outcomes ?? []), new Random(seed), minContext: minContext);
    }

    [Test]
    public void WithNothingLearned_TheDefaultLayerPicksToolModelsByContext()
    {
        var decision = Route(TaskType.Coding);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Layer.Text(), Is.EqualTo("default"));
            Assert.That(decision.Primary.Select(c => c.Key), Is.EqualTo(new[] { "or-free-big", "or-free-mid", "or-free-small" }));
            Assert.That(decision.Critic[0].Key, Is.Not.EqualTo("or-free-big"));
        });
    }

    [Test]
    public void TheLearnedRouting_BeatsTheDefaults_AndIsPickedUpWhenTheFileChanges()
    {
        var before = Route(TaskType.Coding);
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry>
        {
            ["coding"] = new("or-free-small", "or-free-mid", 0.9, 12, 7, ["or-free-mid"]),
        }, new Dictionary<string, TrialEntry>()));

        var after = Route(TaskType.Coding);

        Assert.Multiple(() =>
        {
            Assert.That(before.Primary[0].Key, Is.EqualTo("or-free-big"));
            Assert.That((after.Layer.Text(), after.Primary[0].Key, after.Critic[0].Key, after.MaxIterations), Is.EqualTo(("dynamic", "or-free-small", "or-free-mid", 7)));
            Assert.That(Route(TaskType.Email).Layer.Text(), Is.EqualTo("default"), "a type the file does not route uses the defaults");
        });
    }

    [Test]
    public void ACorruptRoutingFile_IsIgnored_AndTheLastGoodRoutingKept()
    {
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry> { ["coding"] = new("or-free-small", null, 0.9, 12, 7) },
            new Dictionary<string, TrialEntry>()));
        Route(TaskType.Coding);
        File.WriteAllText(_store.Path, "{ \"routing\": { \"coding\": ");

        var decision = Route(TaskType.Coding);

        Assert.That((decision.Layer.Text(), decision.Primary[0].Key), Is.EqualTo(("dynamic", "or-free-small")));
    }

    [Test]
    public void TheAdminOverride_AlwaysWins_WithItsCriticAndLimit_AndNoTrial()
    {
        _settings["AGENT42_DATA_ANALYSIS_MODEL"] = "or-free-mid";
        _settings["AGENT42_DATA_ANALYSIS_CRITIC"] = "or-free-small";
        _settings["AGENT42_DATA_ANALYSIS_MAX_ITER"] = "2";
        _options.TrialPercentage = 100;
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry> { ["data_analysis"] = new("or-free-big", null, 0.9, 12, 6) },
            new Dictionary<string, TrialEntry>()));

        var decision = Route(TaskType.DataAnalysis, Many(20, "or-free-big", TaskType.DataAnalysis).ToList());

        Assert.Multiple(() =>
        {
            Assert.That((decision.Layer.Text(), decision.Primary[0].Key, decision.Critic[0].Key, decision.MaxIterations, decision.IsTrial),
                Is.EqualTo(("admin", "or-free-mid", "or-free-small", 2, false)));
        });
    }

    [Test]
    public void AnAdminOverrideNamingTheProviderId_IsThatModel_OnceInTheOrder_AndNotItsOwnCritic()
    {
        _settings["AGENT42_RESEARCH_MODEL"] = "acme/mid:free";

        var decision = Route(TaskType.Research);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Layer.Text(), Is.EqualTo("admin"));
            Assert.That(decision.Primary.Select(c => c.Key), Is.EqualTo(new[] { "or-free-mid", "or-free-big", "or-free-small" }));
            Assert.That(decision.Primary[0].ProviderModelId, Is.EqualTo("acme/mid:free"));
            Assert.That(decision.Critic[0].Key, Is.Not.EqualTo("or-free-mid"));
            Assert.That(decision.Critic.Select(c => c.Key), Is.Unique);
        });
    }

    [TestCase("acme/small:free", "or-free-small")]
    [TestCase("or-free-small", "or-free-small")]
    [TestCase("acme/mid:free", "or-free-big")]
    [TestCase("or-free-mid", "or-free-big")]
    public void AnAdminCritic_IsResolvedByKeyOrProviderId_AndNeverThePrimaryWhileAnotherModelIsEligible(string critic, string expected)
    {
        _settings["AGENT42_RESEARCH_MODEL"] = "or-free-mid";
        _settings["AGENT42_RESEARCH_CRITIC"] = critic;

        var decision = Route(TaskType.Research);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Critic[0].Key, Is.EqualTo(expected));
            Assert.That(decision.Critic.Select(c => c.Key), Is.Unique);
            Assert.That(decision.Critic.Select(c => c.Key), Does.Not.Contain("or-free-mid"));
        });
    }

    [Test]
    public void ALearnedRoutingThatNamesAModelTwice_ListsItOnce()
    {
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry>
        {
            ["coding"] = new("or-free-small", "acme/small:free", 0.9, 12, 6, ["acme/small:free", "or-free-small", "or-free-mid"]),
        }, new Dictionary<string, TrialEntry>()));
        _options.TrialPercentage = 0;

        var decision = Route(TaskType.Coding);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Primary.Select(c => c.Key), Is.EqualTo(new[] { "or-free-small", "or-free-mid", "or-free-big" }));
            Assert.That(decision.Critic[0].Key, Is.Not.EqualTo("or-free-small"));
        });
    }

    [Test]
    public async Task AnAdminOverrideAddedToDotEnvAfterStart_IsUsedByTheNextRoute()
    {
        // The configuration the host builds, with .env in the working directory.
        _data.Write(".env", "# no overrides yet\n");
        using var configuration = Agent42Configuration.Build(_data.Path, new Dictionary<string, string?>(), new Dictionary<string, string?>());
        var router = new ModelRouter(configuration, _store, _cooldowns, _options);
        RoutingDecision Route() => router.Route(TaskType.Coding, new ProviderRegistry(Models, []), OutcomeStats.From([]), new Random(1));
        var before = Route();

        _data.Rewrite(".env", "AGENT42_CODING_MODEL=or-free-small\nAGENT42_CODING_MAX_ITER=3\n");
        var picked = await Poll.UntilAsync(() => Route().Layer.Text() == "admin", TimeSpan.FromSeconds(30));
        var after = Route();

        Assert.Multiple(() =>
        {
            Assert.That(before.Layer.Text(), Is.EqualTo("default"));
            Assert.That(picked, Is.True, "the override added to .env was never used");
            Assert.That((after.Primary[0].Key, after.MaxIterations), Is.EqualTo(("or-free-small", 3)));
        });
    }

    [Test]
    public void IneligibleModels_AreSkippedForTheNext_AndTheDecisionSaysWhy()
    {
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry>
        {
            ["coding"] = new("or-free-gone", null, 0.9, 12, 8, ["or-free-notools", "or-free-ghost", "or-free-big", "or-free-mid"]),
        }, new Dictionary<string, TrialEntry>()));
        _cooldowns.Record("or-free-big", new ModelCallException(ModelFailureKind.ModelRateLimit, "429"));

        var decision = Route(TaskType.Coding);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Primary[0].Key, Is.EqualTo("or-free-mid"));
            Assert.That(decision.Skipped, Has.Some.StartsWith("or-free-gone: missing from the catalog or no longer free"));
            Assert.That(decision.Skipped, Has.Some.StartsWith("or-free-notools: no tool support"));
            Assert.That(decision.Skipped, Has.Some.StartsWith("or-free-ghost: not in the catalog"));
            Assert.That(decision.Skipped, Has.Some.StartsWith("or-free-big: cooling down after ModelRateLimit"));
        });
    }

    [Test]
    public void Exploration_SpendsNoMoreThanTheBudget_BeyondTheReserve()
    {
        _options.TrialPercentage = 10;
        // The incumbent is good; the others are poor once tried, so every exploration of them costs.
        var outcomes = Many(40, "or-free-big").ToList();
        var trials = 0;
        for (var i = 0; i < 600; i++)
        {
            var decision = Route(TaskType.Coding, outcomes, seed: i);
            trials += decision.IsTrial ? 1 : 0;
            var key = decision.Primary[0].Key;
            outcomes.Add(Outcome(key, success: key == "or-free-big", critic: key == "or-free-big" ? 0.8 : 0.1, trial: decision.IsTrial));
        }

        var (runs, explored, spent) = OutcomeStats.From(outcomes).Exploration(TaskType.Coding);
        Assert.Multiple(() =>
        {
            Assert.That(explored, Is.EqualTo(trials));
            Assert.That(trials, Is.GreaterThanOrEqualTo(2), "each other model gets its first outcome");
            // The reserve's pulls are outside the cap: at most ReservePulls per other model, each costing at most 1.
            Assert.That(spent, Is.LessThanOrEqualTo(TrialSelector.Allowance(_options, runs) + (2.0 * TrialSelector.ReservePulls)));
            Assert.That(trials, Is.LessThan(60), "a poor model's draws rarely win, and the budget caps what they cost");
        });
    }

    [Test]
    public void TheIncumbent_IsSampledToo_SoAnUnluckyStartIsCorrected()
    {
        _options.TrialPercentage = 10;
        // "or-free-mid" is the better model but started with a failure; the incumbent "or-free-big" is middling.
        // A rule that only tries unproven models would never give "or-free-mid" another task on coding. Other models'
        // records show coding and debugging alike, so its debugging record is a prior worth much. (Two failures
        // would be its own evidence that its coding differs from its debugging: see TypeAlikeness.)
        var outcomes = AlikeOn(TaskType.Coding, TaskType.Debugging)
            .Concat(Many(30, "or-free-big", success: false, critic: 0.6))
            .Concat(Many(1, "or-free-mid", success: false, critic: 0.2))
            .Concat(Many(20, "or-free-mid", TaskType.Debugging, critic: 0.9))
            .Concat(Many(TrialSelector.ReservePulls, "or-free-small", critic: 0.5))
            .ToList();
        var (picks, _) = TrialPicks(outcomes, 300);

        // Its draws alone (the reserve forces only a model known nowhere else) win about one task in ten.
        Assert.That(picks.GetValueOrDefault("or-free-mid"), Is.GreaterThan(15), "its record on an alike type keeps its draws high");
    }

    [Test]
    public void APromisingModelNewToTheType_GetsItsFirstOutcomes_EvenWithTheBudgetSpent()
    {
        _options.TrialPercentage = 1;
        var outcomes = Many(200, "or-free-big", critic: 0.7).Concat(Enumerable.Range(0, 20).Select(_ => Outcome("or-free-mid", success: false, critic: 0.1, trial: true))).ToList();
        var stats = OutcomeStats.From(outcomes);
        Assume.That(TrialSelector.BudgetOpen(_options, stats.Exploration(TaskType.Coding).Runs, stats.Exploration(TaskType.Coding).Spent), Is.False);

        var decisions = Enumerable.Range(0, 50).Select(seed => Route(TaskType.Coding, outcomes, seed)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Where(d => d.IsTrial).Select(d => d.Primary[0].Key), Has.All.EqualTo("or-free-small"), "the spent budget stops the poor one");
            Assert.That(decisions.Count(d => d.IsTrial), Is.EqualTo(50), "a model nobody knows may be the better one: the reserve takes it every time");
            Assert.That(decisions[0].Reason, Does.Contain("is known nowhere else and promising: one of its first 8 outcomes on coding"));
        });
    }

    [Test]
    public void APoorUnprovenModel_StopsTakingTrials()
    {
        _options.TrialPercentage = 50;
        // The incumbent is strong; "or-free-small" failed its first trials badly.
        var outcomes = Many(30, "or-free-big").Concat(Many(4, "or-free-small", success: false, critic: 0.0)).ToList();
        var smallTrials = 0;
        for (var i = 0; i < 200; i++)
        {
            var decision = Route(TaskType.Coding, outcomes, seed: i);
            if (decision.IsTrial && decision.Primary[0].Key == "or-free-small")
            {
                smallTrials++;
            }
        }

        Assert.That(smallTrials, Is.LessThan(10), "its posterior draws rarely beat the incumbent's");
    }

    [Test]
    public void AModelWithTooSmallAContext_IsSkipped_EvenWhenLearned_AndNeverTakesATrial()
    {
        _store.Save(new RoutingFile(_time.GetUtcNow(), new Dictionary<string, RoutingEntry>
        {
            ["coding"] = new("or-free-small", "or-free-mid", 0.9, 12, 7, ["or-free-mid"]),
        }, new Dictionary<string, TrialEntry>()));
        _options.TrialPercentage = 100;

        var fits = Route(TaskType.Coding, minContext: 20_000);
        var tooBig = Enumerable.Range(0, 50).Select(seed => Route(TaskType.Coding, Many(20, "or-free-big").ToList(), seed, minContext: 100_000)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(fits.Primary.Select(c => c.Key), Does.Contain("or-free-small"), "32768 tokens are enough for 20000");
            Assert.That(tooBig.SelectMany(d => d.Primary).Select(c => c.Key), Has.None.EqualTo("or-free-small"));
            Assert.That(tooBig.SelectMany(d => d.Critic).Select(c => c.Key), Has.None.EqualTo("or-free-small"));
            Assert.That(tooBig[0].Skipped, Has.Some.EqualTo("or-free-small: its context of 32768 tokens is under the 100000 this task needs"));
            Assert.That(tooBig.Where(d => d.IsTrial).Select(d => d.Primary[0].Key), Has.None.EqualTo("or-free-small"), "only models that fit are tried");
        });
    }

    [Test]
    public void AModelWithNoRealChance_TakesNoTrial_ButAModelNobodyKnowsStillDoes()
    {
        _options.TrialPercentage = 50;
        // The incumbent does well; "or-free-mid" is mediocre at debugging, which the log shows alike to coding (other
        // models' records agree on both), so its prior says so and is worth much; "or-free-small" is unknown: 0.5, worth 5.
        var outcomes = AlikeOn(TaskType.Coding, TaskType.Debugging)
            .Concat(Many(40, "or-free-big", critic: 0.5))
            .Concat(Many(10, "or-free-mid", TaskType.Debugging, critic: 0.3))
            .Concat(Many(10, "or-free-mid", TaskType.Debugging, success: false, critic: 0.3))
            .ToList();
        var (picks, _) = TrialPicks(outcomes, 300);

        var router = new ModelRouter(new ConfigurationBuilder().Build(), _store, _cooldowns, _options);
        var chances = router.Chances(TaskType.Coding, "or-free-big", new ProviderRegistry(Models, []), OutcomeStats.From(outcomes), true, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(chances.Single(c => c.Key == "or-free-small").Share, Is.GreaterThan(0.5), "new to coding and unknown: the reserve tries it first");
            Assert.That(chances.Single(c => c.Key == "or-free-mid").Share, Is.Zero, "what routing explain lists");
            Assert.That(chances.Sum(c => c.Share), Is.EqualTo(1).Within(1e-9));
            Assert.That(picks.GetValueOrDefault("or-free-mid"), Is.Zero, "its draws almost never beat the incumbent's");
            Assert.That(picks.GetValueOrDefault("or-free-small"), Is.GreaterThan(0), "an unknown model may be the better one");
        });
    }

    [Test]
    public void AFailureOnCoding_DoesNotScreenAModelOutOfEmail()
    {
        // Nothing in the log yet says how alike the types are: the code's groups are the guess. big is middling on
        // email (against a near-perfect record there, exploring mid would not pay whatever its prior: the gate's call).
        var stats = OutcomeStats.From(Many(30, "or-free-mid", TaskType.Coding, success: false, critic: 0.0).Concat(Runs(30, "or-free-big", 0.6, TaskType.Email)));

        var onEmail = stats.Rank(TaskType.Email, "or-free-mid", null, 5);
        var onDebugging = stats.Rank(TaskType.Debugging, "or-free-mid", null, 5);
        var chances = new ModelRouter(new ConfigurationBuilder().Build(), _store, _cooldowns, _options)
            .Chances(TaskType.Email, "or-free-big", new ProviderRegistry([Model("or-free-big"), Model("or-free-mid")], []), stats, true, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(onDebugging.Prior.Mean, Is.LessThan(0.2), "debugging is in coding's group");
            Assert.That(onDebugging.Prior.Source, Is.EqualTo("related types (code)"));
            Assert.That(onEmail.Prior.Mean, Is.InRange(onDebugging.Prior.Mean + 0.1, 0.5), "writing is guessed less like coding: a cautious prior, not a verdict");
            Assert.That(onEmail.Prior.Weight, Is.LessThan(onDebugging.Prior.Weight));
            Assert.That(onEmail.Prior.Source, Is.EqualTo(RankPrior.AllTypes));
            Assert.That(chances.Single(c => c.Key == "or-free-mid").Share, Is.GreaterThan(0.005), "it is still tried on email now and then");
        });
    }

    /// <summary>Routes coding tasks with as many seeds, counting which model each trial went to, with the trials' reasons.</summary>
    private (Dictionary<string, int> Picks, List<string> Reasons) TrialPicks(IReadOnlyList<OutcomeRecord> outcomes, int tasks)
    {
        var picks = new Dictionary<string, int>();
        var reasons = new List<string>();
        for (var i = 0; i < tasks; i++)
        {
            var decision = Route(TaskType.Coding, outcomes, seed: i);
            if (decision.IsTrial)
            {
                picks[decision.Primary[0].Key] = picks.GetValueOrDefault(decision.Primary[0].Key) + 1;
                reasons.Add(decision.Reason);
            }
        }

        return (picks, reasons);
    }

    [Test]
    public void TheExplicitLayer_TakesTheNamedModelAlone_WithTheRoutableToolModelsAsCritics_TheNamedOneLast()
    {
        var registry = new ProviderRegistry(Models, []);

        var byKey = ModelRouter.Explicit(TaskType.Email, registry, "or-free-mid");
        var unknown = ModelRouter.Explicit(TaskType.Email, registry, "llama3.1:8b");

        Assert.Multiple(() =>
        {
            Assert.That((byKey.Layer.Text(), byKey.Reason, byKey.IsTrial, byKey.MaxIterations, byKey.Skipped.Count), Is.EqualTo(("--model", "--model", false, 3, 0)));
            Assert.That(byKey.Primary, Is.EqualTo(new[] { new ModelCandidate("or-free-mid", "acme/mid:free") }));
            Assert.That(byKey.Critic.Select(c => c.Key), Is.EqualTo(new[] { "or-free-big", "or-free-small", "or-free-mid" }));
            Assert.That(byKey.CriticReason, Is.EqualTo("the next available model, as a second opinion"));
            Assert.That(unknown.Primary, Is.EqualTo(new[] { new ModelCandidate("llama3.1:8b", "llama3.1:8b") }), "an unknown name is a provider id as it is");
            Assert.That(unknown.Critic[^1].Key, Is.EqualTo("llama3.1:8b"));
        });
    }
}
