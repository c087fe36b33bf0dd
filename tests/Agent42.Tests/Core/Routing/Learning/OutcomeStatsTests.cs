using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class OutcomeStatsTests
{
    private static OutcomeRecord Run(Random random, string model, double rate, TaskType type = TaskType.Coding, long tokens = 1000)
    {
        var success = random.NextDouble() < rate;
        return Outcome(model, type, success, critic: Math.Clamp(rate + ((random.NextDouble() - 0.5) * 0.2), 0, 1), tokens: tokens);
    }

    [Test]
    public void ADegradedModel_LosesItsHistory_WithinTensOfItsRuns()
    {
        var random = new Random(7);
        var stats = new OutcomeStats();
        for (var i = 0; i < 300; i++)
        {
            stats.Add(Run(random, "or-free-a", 0.9));
        }

        var before = stats.Rank(TaskType.Coding, "or-free-a", null, 5);
        var runsToReset = -1;
        for (var i = 1; i <= 200 && runsToReset < 0; i++)
        {
            stats.Add(Run(random, "or-free-a", 0.55));
            runsToReset = stats.Rank(TaskType.Coding, "or-free-a", null, 5).Resets > 0 ? i : -1;
        }

        var after = stats.Rank(TaskType.Coding, "or-free-a", null, 5);
        Assert.Multiple(() =>
        {
            Assert.That(before.Resets, Is.Zero, "300 steady runs never trip the test");
            Assert.That(runsToReset, Is.InRange(1, 45), "a fall of 35 points in success is caught in tens of runs");
            Assert.That(after.EffectiveSamples, Is.LessThan(50), "only the runs since the change are kept");
            Assert.That(after.PosteriorMean, Is.LessThan(before.PosteriorMean - 0.15));
        });
    }

    [Test]
    public void ASteadyModel_KeepsItsHistory()
    {
        var random = new Random(11);
        var stats = new OutcomeStats();
        for (var i = 0; i < 3000; i++)
        {
            stats.Add(Run(random, "or-free-a", 0.6));
        }

        var rank = stats.Rank(TaskType.Coding, "or-free-a", null, 5);
        Assert.Multiple(() =>
        {
            Assert.That(rank.Resets, Is.LessThanOrEqualTo(2), "a false alarm now and then, not a record that never settles");
            Assert.That(rank.EffectiveSamples, Is.GreaterThan(250), "at 0.997 per run a steady record is worth about 330 runs");
            Assert.That(rank.Samples, Is.EqualTo(3000));
        });
    }

    [Test]
    public void Discounting_FadesAModelNobodyRoutes_BackTowardsItsPrior()
    {
        var stats = OutcomeStats.From(Many(20, "or-free-b", success: false, critic: 0.0).Concat(Many(1000, "or-free-a")));

        var b = stats.Rank(TaskType.Coding, "or-free-b", null, 5);

        Assert.Multiple(() =>
        {
            Assert.That(b.EffectiveSamples, Is.EqualTo(Enumerable.Range(1000, 20).Sum(i => Math.Pow(OutcomeStats.Forgetting, i))).Within(1e-9));
            Assert.That(b.EffectiveSamples, Is.LessThan(1.5), "twenty failures 1,000 tasks ago are worth about one now");
            Assert.That(b.PosteriorMean, Is.GreaterThan(0.35), "so the model is drawn again now and then");
        });
    }

    [Test]
    public void OneOutlierRun_DoesNotFlattenTheTokenTerm()
    {
        // Fifty runs at 1,000 tokens, then one that used a single token: a running maximum would make every other
        // run's token share 0.001.
        var runs = Many(50, "or-free-a").Append(Outcome("or-free-b", tokens: 1)).Concat(Many(50, "or-free-a")).Concat(Many(50, "or-free-c", critic: 0.8).Select(o => o with { PromptTokens = 2500, CompletionTokens = 2500 }));
        var stats = OutcomeStats.From(runs);

        var a = stats.Rank(TaskType.Coding, "or-free-a", null, 5);
        var c = stats.Rank(TaskType.Coding, "or-free-c", null, 5);

        Assert.Multiple(() =>
        {
            Assert.That(a.TokenEfficiency, Is.GreaterThan(0.9), "1,000 tokens is the type's 90th percentile of quality per token");
            Assert.That(c.TokenEfficiency, Is.EqualTo(0.2).Within(0.01), "five times the tokens, a fifth of the share");
        });
    }

    [Test]
    public void TheSameLog_GivesTheSameRanks_ExactlyAsAfterARestart()
    {
        var random = new Random(3);
        var log = Enumerable.Range(0, 3000).Select(i => Run(random, $"or-free-{i % 7}", 0.3 + (0.1 * (i % 7)), (TaskType)(i % 12), 500 + (i % 900))).ToList();
        var live = new OutcomeStats();
        foreach (var outcome in log)
        {
            live.Add(outcome);
        }

        var restarted = OutcomeStats.From(log);

        foreach (var type in Enum.GetValues<TaskType>())
        {
            Assert.That(restarted.Ranks(type, _ => null, 5), Is.EqualTo(live.Ranks(type, _ => null, 5)), type.ToString());
        }
    }

    [Test]
    public void TheDecisionsDraws_ForgetSlowerThanTheRanks_SoALeftModelIsNotRedrawnSoon()
    {
        var stats = OutcomeStats.From(Many(20, "or-free-b", success: false, critic: 0.0).Concat(Many(1000, "or-free-a")));
        var posteriors = new Posterior[1];
        stats.Posteriors(TaskType.Coding, ["or-free-b"], _ => null, 5, posteriors);
        // The log is all coding, so coding forgets at the rate of a type with all the traffic.
        var rate = TrafficForgetting.Rate(OutcomeStats.DecisionForgetting, 1, 1, 12);
        var decisionWeight = Enumerable.Range(1000, 20).Sum(i => Math.Pow(rate, i));

        Assert.Multiple(() =>
        {
            Assert.That(stats.Rank(TaskType.Coding, "or-free-b", null, 5).EffectiveSamples, Is.LessThan(1.5), "the ranks' view has nearly forgotten");
            Assert.That(posteriors[0].Alpha + posteriors[0].Beta, Is.EqualTo(5 + decisionWeight).Within(1e-6), "the draws still hold about seventeen of its twenty failures");
            Assert.That(posteriors[0].Mean, Is.LessThan(0.25));
        });
    }

    [Test]
    public void ABusyTypesDraws_KeepMoreOfALeftModelsRunsThanARareTypes()
    {
        // The same twenty failures of or-free-b on a busy type and on a rare one, then 900 tasks of each type's own
        // that it left to or-free-a; the busy type's 900 came among 1,000 tasks, the rare type's among 27,000.
        var busy = OutcomeStats.From(Many(20, "or-free-b", success: false, critic: 0.0)
            .Concat(Enumerable.Range(0, 1000).Select(i => Outcome("or-free-a", i % 10 == 0 ? TaskType.Email : TaskType.Coding))));
        var rare = OutcomeStats.From(Many(20, "or-free-b", success: false, critic: 0.0)
            .Concat(Enumerable.Range(0, 27_000).Select(i => Outcome("or-free-a", i % 30 == 0 ? TaskType.Coding : TaskType.Email))));
        var (busyB, rareB) = (new Posterior[1], new Posterior[1]);
        busy.Posteriors(TaskType.Coding, ["or-free-b"], _ => null, 5, busyB);
        rare.Posteriors(TaskType.Coding, ["or-free-b"], _ => null, 5, rareB);
        var even = 5 + (20 * Math.Pow(OutcomeStats.DecisionForgetting, 900));

        Assert.Multiple(() =>
        {
            Assert.That(busy.Totals(TaskType.Coding).Runs, Is.EqualTo(rare.Totals(TaskType.Coding).Runs), "each saw 920 coding tasks");
            Assert.That(busyB[0].Alpha + busyB[0].Beta, Is.GreaterThan(even + 3), "a type with nine tenths of the traffic forgets slower than an even one");
            Assert.That(rareB[0].Alpha + rareB[0].Beta, Is.LessThan(even - 1), "a type with a thirtieth of it faster");
            Assert.That(busy.DecisionDiscount(TaskType.Coding).Rate, Is.GreaterThan(OutcomeStats.DecisionForgetting));
            Assert.That(rare.DecisionDiscount(TaskType.Coding).Share, Is.EqualTo(920.0 / 27_020).Within(1e-9));
        });
    }

    [Test]
    public void TheTrafficDiscount_IsTheSameForTheSameLog_FedOneOutcomeAtATimeWithReadsBetween()
    {
        var random = new Random(11);
        var log = Enumerable.Range(0, 4000).Select(i => Run(random, $"or-free-{i % 5}", 0.3 + (0.1 * (i % 5)), i % 3 == 0 ? TaskType.Email : (TaskType)(i % 12))).ToList();
        var live = new OutcomeStats();
        var posteriors = new Posterior[5];
        var keys = Enumerable.Range(0, 5).Select(m => $"or-free-{m}").ToArray();
        foreach (var outcome in log)
        {
            live.Add(outcome);
            live.Posteriors(outcome.Type, keys, _ => null, 5, posteriors);
        }

        var restarted = OutcomeStats.From(log);
        var (a, b) = (new Posterior[5], new Posterior[5]);
        foreach (var type in Enum.GetValues<TaskType>())
        {
            live.Posteriors(type, keys, _ => null, 5, a);
            restarted.Posteriors(type, keys, _ => null, 5, b);
            Assert.That(b, Is.EqualTo(a), type.ToString());
            Assert.That(restarted.DecisionDiscount(type), Is.EqualTo(live.DecisionDiscount(type)), type.ToString());
        }
    }

    [Test]
    public void AChangeTestReset_RestartsTheDecisionsRecordToo()
    {
        var random = new Random(7);
        var stats = new OutcomeStats();
        for (var i = 0; i < 300; i++)
        {
            stats.Add(Run(random, "or-free-a", 0.9));
        }

        var posteriors = new Posterior[1];
        for (var i = 0; i < 200 && stats.Rank(TaskType.Coding, "or-free-a", null, 5).Resets == 0; i++)
        {
            stats.Add(Run(random, "or-free-a", 0.45));
        }

        var rank = stats.Rank(TaskType.Coding, "or-free-a", null, 5);
        stats.Posteriors(TaskType.Coding, ["or-free-a"], _ => null, 5, posteriors);

        Assert.Multiple(() =>
        {
            Assert.That(rank.Resets, Is.EqualTo(1));
            // Each run counts as TrialsPerRun coin flips in the draws (its reward's spread, see RewardSpread).
            Assert.That((posteriors[0].Alpha + posteriors[0].Beta - 5) / posteriors[0].TrialsPerRun, Is.EqualTo(rank.EffectiveSamples).Within(0.05 * rank.EffectiveSamples),
                "the draws keep only the runs since the change, as the ranks do");
            Assert.That(posteriors[0].Mean, Is.EqualTo(rank.PosteriorMean).Within(0.02));
        });
    }

    // Seven types; the incumbent a takes nine tasks in ten on each, b (0.35) the tenth.
    private static readonly TaskType[] SevenTypes = Enum.GetValues<TaskType>()[..7];

    private static OutcomeStats ALeftBehind(Random random, int rounds, double aRate = 0.7)
    {
        var stats = new OutcomeStats();
        for (var i = 0; i < rounds; i++)
        {
            foreach (var type in SevenTypes)
            {
                stats.Add(Run(random, i % 10 == 9 ? "or-free-b" : "or-free-a", i % 10 == 9 ? 0.35 : aRate, type));
            }
        }

        return stats;
    }

    [Test]
    public void AModelLeftBehindThatImproves_IsCutBackOnEveryType_AfterAFewLooksSpreadOverTypes()
    {
        var random = new Random(5);
        var stats = ALeftBehind(random, 200);
        var untouched = SevenTypes[^1];
        var before = stats.Rank(untouched, "or-free-b", null, 5);

        // A better build: b now succeeds every time, looked at twice on each of six types (never on the seventh).
        for (var look = 0; look < 12; look++)
        {
            var type = SevenTypes[look % 6];
            stats.Add(Outcome("or-free-b", type, success: true, critic: 0.95));
            foreach (var other in SevenTypes)
            {
                stats.Add(Run(random, "or-free-a", 0.7, other));
            }
        }

        var after = stats.Rank(untouched, "or-free-b", null, 5);
        Assert.Multiple(() =>
        {
            Assert.That(before.EffectiveSamples, Is.GreaterThan(10));
            Assert.That(after.Resets, Is.EqualTo(before.Resets + 1), "the test across types cut its record back where it was not looked at");
            Assert.That(after.EffectiveSamples, Is.LessThanOrEqualTo(OutcomeStats.LapseRuns + 1e-9));
            Assert.That(after.PosteriorMean, Is.GreaterThan(before.PosteriorMean + 0.1),
                "its old runs there no longer outweigh what its looks elsewhere now show (its prior from the other types)");
            Assert.That(SevenTypes[..6].Select(t => stats.Rank(t, "or-free-b", null, 5).EffectiveSamples), Is.All.LessThan(6),
                "where it was looked at too: two looks on a type are far from enough for the record's own test");
        });
    }

    [Test]
    public void AModelLeftBehindThatStaysTheSame_IsRarelyCutBack_AndKeepsItsPlace()
    {
        var random = new Random(9);
        var stats = ALeftBehind(random, 2000);

        // Each cut-back counts once on each of the seven types.
        var cutBacks = SevenTypes.Sum(t => stats.Rank(t, "or-free-b", null, 5).Resets) / (double)SevenTypes.Length;
        Assert.Multiple(() =>
        {
            Assert.That(cutBacks, Is.LessThanOrEqualTo(7), "1,400 looks at a steady model: a false alarm in a few hundred at most");
            Assert.That(SevenTypes.Select(t => stats.Rank(t, "or-free-a", null, 5).PosteriorMean - stats.Rank(t, "or-free-b", null, 5).PosteriorMean),
                Is.All.GreaterThan(0.2), "its looks after a false alarm show it where it was");
        });
    }

    [Test]
    public void TheIncumbentsOwnRuns_DoNotFeedTheTestAcrossTypes()
    {
        // a has nine tasks in ten on every type: its upward noise over 12,600 runs would trip a test that took them.
        var random = new Random(13);
        var stats = ALeftBehind(random, 2000, aRate: 0.6);

        Assert.That(SevenTypes.Sum(t => stats.Rank(t, "or-free-a", null, 5).Resets), Is.LessThanOrEqualTo(3),
            "the record's own test, now and then; never the test across types, which would cut back all seven at once");
    }

    [Test]
    public void AProbeThatBeatsItsRecord_KeepsItsModelDueForTheNextProbe_AFailedOneDoesNot()
    {
        double PriorityAfter(bool success)
        {
            var stats = OutcomeStats.From(Runs(60, "or-free-b", 0.3).Concat(Runs(600, "or-free-a", 0.8)));
            var before = Priority(stats);
            Assert.That(before, Is.GreaterThanOrEqualTo(OutcomeStats.ProbeLeft), "left for 600 outcomes");
            stats.Add(Outcome("or-free-b", success: success, critic: success ? 0.9 : 0.1));
            return Priority(stats);
        }

        static double Priority(OutcomeStats stats)
        {
            var posteriors = new Posterior[1];
            stats.Posteriors(TaskType.Coding, ["or-free-b"], _ => null, 5, posteriors);
            return posteriors[0].ProbePriority;
        }

        Assert.Multiple(() =>
        {
            Assert.That(PriorityAfter(success: true), Is.GreaterThanOrEqualTo(OutcomeStats.ProbeLeft), "a look that beat its record calls for another soon");
            Assert.That(PriorityAfter(success: false), Is.LessThan(OutcomeStats.ProbeLeft), "one that did not waits until it is left again");
        });
    }
}
