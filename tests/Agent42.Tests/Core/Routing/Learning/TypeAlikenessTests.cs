using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

/// <summary>How alike the types are is learned from the log, and sets what a model's record elsewhere is worth.</summary>
public sealed class TypeAlikenessTests
{
    private static readonly TaskType[] Types = Enum.GetValues<TaskType>();

    /// <summary>Ten models, each with 30 runs on every type but email, at a success rate <paramref name="rate"/> gives.</summary>
    internal static List<OutcomeRecord> World(Func<int, TaskType, double> rate)
    {
        var outcomes = new List<OutcomeRecord>();
        for (var run = 0; run < 30; run++)
        {
            for (var m = 0; m < 10; m++)
            {
                foreach (var type in Types.Where(t => t != TaskType.Email))
                {
                    var p = rate(m, type);
                    // A fixed pattern, not a draw: run i succeeds when its place in ten falls under the rate.
                    outcomes.Add(Outcome($"or-free-w{m}", type, success: run % 10 < Math.Round(p * 10), critic: p));
                }
            }
        }

        return outcomes;
    }

    internal static double Level(int m) => 0.1 + (0.08 * m);

    [Test]
    public void WhereEveryTypeRanksModelsAlike_ARecordElsewhereIsAStrongPrior_FromAllTypes()
    {
        var stats = OutcomeStats.From(World((m, _) => Level(m)));
        var (_, groupSpread, allSpread) = stats.Alikeness(TaskType.Email);

        var best = stats.Rank(TaskType.Email, "or-free-w9", null, 5).Prior;
        var worst = stats.Rank(TaskType.Email, "or-free-w0", null, 5).Prior;

        Assert.Multiple(() =>
        {
            Assert.That(allSpread, Is.LessThan(0.05), "no model strays from its level on any type");
            Assert.That(groupSpread, Is.LessThan(0.05));
            Assert.That(best.Mean, Is.GreaterThan(worst.Mean + 0.5));
            Assert.That(best.Weight, Is.GreaterThan(30), "330 runs on eleven alike types: worth far more than the five of a model nobody knows");
            Assert.That(worst.Weight, Is.GreaterThan(30));
            Assert.That(best.Source, Is.EqualTo(RankPrior.AllTypes), "the other writing types' record alone is a looser one");
        });
    }

    [Test]
    public void WhereEachTypeHasItsOwnSpecialist_TheSpreadIsWide_AndPriorsElsewhereAreWeak()
    {
        // Model m is best on type m (0.9) and poor to middling elsewhere, unrelated to its level on other types.
        var stats = OutcomeStats.From(World((m, type) => (int)type % 10 == m ? 0.9 : 0.2 + (0.05 * (((int)type * 7 + m * 3) % 7))));
        var (_, _, allSpread) = stats.Alikeness(TaskType.Email);
        var alike = OutcomeStats.From(World((m, _) => Level(m)));

        var priors = Enumerable.Range(0, 10).Select(m => stats.Rank(TaskType.Email, $"or-free-w{m}", null, 5).Prior).ToList();
        var alikePriors = Enumerable.Range(0, 10).Select(m => alike.Rank(TaskType.Email, $"or-free-w{m}", null, 5).Prior).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(allSpread, Is.GreaterThan(0.1), "a model's score on one type says little of its score on another");
            Assert.That(priors.Max(p => p.Weight), Is.LessThan(alikePriors.Min(p => p.Weight) / 3), "so its record elsewhere is worth little");
        });
    }

    [Test]
    public void InARoutedLog_ATypeWhoseRecordsHaveFewRuns_KeepsItsSpread_NotExplainedAwayAsNoise()
    {
        // As a router leaves the log: two busy types, most of their tasks to their best model; ten rare ones, a few runs
        // per model. Each model's rate strays from its level by about 0.13 per type, and the reward (success,
        // iterations, critic) varies much less than a coin's. A record with few runs had its noise taken as a coin's
        // (shrunk by four runs), which explained the rare types' deviations away: five of twelve spreads sat at the
        // floor, and priors from unrelated types were worth up to fifty runs there.
        var random = new Random(7);
        var types = Types.OrderBy(_ => random.Next()).ToArray();
        double Rate(int m, TaskType type) => Math.Clamp(0.35 + (0.035 * m) + (0.2 * ((((m * 7) + ((int)type * 13)) % 11) - 5) / 5.0), 0.05, 0.95);
        var outcomes = new List<OutcomeRecord>();
        for (var task = 0; task < 3000; task++)
        {
            var busy = random.NextDouble() < 0.92;
            var type = busy ? types[task % 2] : types[2 + random.Next(10)];
            var m = busy && random.NextDouble() < 0.85 ? Enumerable.Range(0, 10).MaxBy(k => Rate(k, type)) : random.Next(10);
            var rate = Rate(m, type);
            var success = random.NextDouble() < rate;
            var iterations = success ? 1 + (random.NextDouble() < 1 - rate ? 1 : 0) : 5;
            outcomes.Add(Outcome($"or-free-w{m}", type, success, iterations, critic: Math.Clamp(rate + ((random.NextDouble() - 0.5) * 0.3), 0, 1)));
        }

        var stats = OutcomeStats.From(outcomes);
        var spreads = Types.Select(t => stats.Alikeness(t).AllSpread).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(spreads, Has.All.GreaterThan(0.03), "no type's spread is taken for the floor (0.022)");
            Assert.That(spreads.Average(), Is.InRange(0.07, 0.2), "about the world's (0.13 in success rate, a little less in reward)");
        });
    }

    [Test]
    public void OneRunScoringNothing_IsNoSurerThanOneRunScoringHalf_SoAFewBadRunsDoNotSinkAPrior()
    {
        // One run per type, no critic: three failures (reward 0) and three successes. A record's noise was the coin's
        // at its own mean, so a run at 0 looked hundreds of times surer than a success, the inverse-noise weights took
        // the model's level from its failures alone, and its prior on email came out at the floor, 0.02.
        static OutcomeRecord Run(TaskType type, bool success) =>
            Outcome("or-free-x", type, success, iterations: 8, critic: null);
        var runs = new[] { TaskType.Coding, TaskType.Research, TaskType.Content }.Select(t => Run(t, false))
            .Concat(new[] { TaskType.Debugging, TaskType.DataAnalysis, TaskType.Marketing }.Select(t => Run(t, true)));
        var stats = OutcomeStats.From(World((m, _) => Level(m)).Concat(runs));
        var successReward = RunTerms.Of(Run(TaskType.Debugging, true), tokenShare: 0).Reward;

        var prior = stats.Rank(TaskType.Email, "or-free-x", null, 5).Prior;

        Assert.That(prior.Mean, Is.InRange((successReward / 2) - 0.03, 0.6), $"about the middle of its six runs (a success scores at least {successReward:0.000})");
    }

    [Test]
    public void ATypeHarderForEveryModel_HasAnOffset_ThatAModelsPriorThereCarries()
    {
        // Coding is 0.3 harder for every model; a newcomer with a good record elsewhere is expected to do worse there.
        var world = World((m, type) => Math.Max(0, Level(m) - (type == TaskType.Coding ? 0.3 : 0)));
        var stats = OutcomeStats.From(world.Concat(Many(30, "or-free-new", TaskType.Debugging, critic: 0.9)).Concat(Many(30, "or-free-new", TaskType.Research, critic: 0.9)));
        var (offset, _, _) = stats.Alikeness(TaskType.Coding);

        var onCoding = stats.Rank(TaskType.Coding, "or-free-new", null, 5).Prior;
        var onDesign = stats.Rank(TaskType.Design, "or-free-new", null, 5).Prior;

        Assert.Multiple(() =>
        {
            Assert.That(offset, Is.LessThan(-0.15), "every model scores lower on coding than elsewhere");
            Assert.That(onCoding.Mean, Is.LessThan(onDesign.Mean - 0.15));
        });
    }

    [Test]
    public void TheSameLog_GivesTheSamePriors_AfterARestart()
    {
        var world = World((m, type) => Level(m) + (0.02 * ((int)type % 3)));
        var first = OutcomeStats.From(world);
        var second = OutcomeStats.From(world);
        first.Rank(TaskType.Coding, "or-free-w3", null, 5);

        var a = Types.Select(t => first.Rank(t, "or-free-w4", null, 5).Prior).ToList();
        var b = Types.Select(t => second.Rank(t, "or-free-w4", null, 5).Prior).ToList();

        Assert.That(a, Is.EqualTo(b));
    }
}
