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
    public void Trials_StayWithinTheirShareOfTasks()
    {
        _options.TrialPercentage = 10;
        var outcomes = new List<OutcomeRecord>();
        var trials = 0;
        for (var i = 0; i < 400; i++)
        {
            var decision = Route(TaskType.Coding, outcomes, seed: i);
            trials += decision.IsTrial ? 1 : 0;
            outcomes.Add(Outcome(decision.Primary[0].Key, trial: decision.IsTrial));
        }

        Assert.Multiple(() =>
        {
            Assert.That(trials, Is.GreaterThan(0), "unproven models get tried");
            Assert.That(trials, Is.LessThanOrEqualTo(40), "at most 10% of tasks");
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
    public void ATrialUnderWay_IsFinishedBeforeAnotherModelIsStarted()
    {
        _options.TrialPercentage = 50;
        // "or-free-mid" has two of its five trial runs on coding; "or-free-small" has none. Both look alike elsewhere,
        // so without the rule the budget would be split between them and neither proven.
        var outcomes = Many(30, "or-free-big", success: false, critic: 0.3)
            .Concat(Many(2, "or-free-mid"))
            .Concat(Many(10, "or-free-mid", TaskType.Email))
            .Concat(Many(10, "or-free-small", TaskType.Email))
            .ToList();
        var (picks, reasons) = TrialPicks(outcomes, 200);

        Assert.Multiple(() =>
        {
            Assert.That(picks.GetValueOrDefault("or-free-mid"), Is.GreaterThan(150), "the trial under way takes the budget");
            Assert.That(reasons, Has.All.Contain("of 5 outcomes on coding").And.All.Contain("trial budget"));
            Assert.That(picks.GetValueOrDefault("or-free-small"), Is.LessThan(10), "a fresh model waits for it");
        });
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
            Assert.That(tooBig.Where(d => d.IsTrial).Select(d => d.Primary[0].Key), Has.All.EqualTo("or-free-mid"), "only the model that fits is tried");
        });
    }

    [Test]
    public void AnUnprovenModelWithNoRealChance_TakesNoTrial_ButAModelNobodyKnowsStillDoes()
    {
        _options.TrialPercentage = 50;
        // The incumbent does well; "or-free-mid" is mediocre everywhere else (its prior, worth 25 runs, says so);
        // "or-free-small" is unknown: 0.5, worth 5.
        var outcomes = Many(40, "or-free-big", critic: 0.5)
            .Concat(Many(10, "or-free-mid", TaskType.Email, critic: 0.3))
            .Concat(Many(10, "or-free-mid", TaskType.Email, success: false, critic: 0.3))
            .ToList();
        var (picks, _) = TrialPicks(outcomes, 300);

        var router = new ModelRouter(new ConfigurationBuilder().Build(), _store, _cooldowns, _options);
        var contenders = router.TrialContenders(TaskType.Coding, "or-free-big", new ProviderRegistry(Models, []), OutcomeStats.From(outcomes), true, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(contenders.Select(r => r.ModelKey), Is.EqualTo(new[] { "or-free-small" }), "what routing explain lists as could be tried");
            Assert.That(picks.GetValueOrDefault("or-free-mid"), Is.Zero, "less than a 2% chance of beating the incumbent: no task spent on it");
            Assert.That(picks.GetValueOrDefault("or-free-small"), Is.GreaterThan(0), "an unknown model may be the better one");
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
