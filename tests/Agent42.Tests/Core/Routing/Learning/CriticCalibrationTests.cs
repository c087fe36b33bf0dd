using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class CriticCalibrationTests
{
    /// <summary>Runs at a success rate of <paramref name="rate"/>, the critic scoring each run <paramref name="rate"/> plus <paramref name="bias"/> and some noise.</summary>
    private static IEnumerable<OutcomeRecord> Runs(Random random, string model, double rate, double bias, int count, TaskType type = TaskType.Coding) =>
        Enumerable.Range(0, count).Select(_ => random.NextDouble() < rate)
            .Select(success => Outcome(model, type, success, iterations: success ? 1 : 5,
                critic: Math.Clamp(rate + bias + ((random.NextDouble() - 0.5) * 0.2), 0, 1)))
            .ToList();

    [Test]
    public void ACriticThatFlattersOneModel_StopsSteeringTowardsIt()
    {
        var random = new Random(3);
        // The flattered model succeeds less often than the best one, but a partial critic scores it 0.35 higher,
        // and the best 0.15 lower: by the raw composite the two are nearly level.
        var outcomes = Runs(random, "or-free-best", 0.80, -0.15, 200)
            .Concat(Runs(random, "or-free-flattered", 0.60, 0.35, 200))
            .Concat(Runs(random, "or-free-fair", 0.50, 0, 200))
            .ToList();
        var stats = OutcomeStats.From(outcomes);

        var best = stats.Rank(TaskType.Coding, "or-free-best", null, 5);
        var flattered = stats.Rank(TaskType.Coding, "or-free-flattered", null, 5);

        Assert.Multiple(() =>
        {
            Assert.That(flattered.CriticOffset, Is.GreaterThan(0.2), "the critic's score of it runs far above what its answers achieved");
            Assert.That(best.CriticOffset, Is.LessThan(-0.1));
            Assert.That(best.PosteriorMean - flattered.PosteriorMean, Is.GreaterThan(0.12), "success leads: 0.2 more of it, at 0.4 + 0.3 of the composite");
        });
    }

    [Test]
    public void AFairCritic_ChangesAlmostNothing()
    {
        var random = new Random(4);
        var outcomes = Runs(random, "or-free-a", 0.85, 0, 300).Concat(Runs(random, "or-free-b", 0.5, 0, 300)).ToList();
        var stats = OutcomeStats.From(outcomes);

        Assert.Multiple(() =>
        {
            foreach (var model in new[] { "or-free-a", "or-free-b" })
            {
                Assert.That(Math.Abs(stats.Rank(TaskType.Coding, model, null, 5).CriticOffset), Is.LessThan(0.05), model);
            }
        });
    }

    [Test]
    public void AFewScores_MoveLittle_AndTheCalibrationCountsEveryType()
    {
        var calibration = new CriticCalibration();
        var flattered = calibration.For("or-free-x");
        var other = calibration.For("or-free-y");
        calibration.Add(other, new RunTerms(1, 1, 0.9, 1, 0.9));
        calibration.Add(flattered, new RunTerms(0, 0, 0.9, 0, 0.9));
        var afterOne = calibration.Offset(flattered);
        for (var i = 0; i < 40; i++)
        {
            calibration.Add(other, new RunTerms(1, 1, 0.9, 1, 0.9));
            calibration.Add(flattered, new RunTerms(0, 0, 0.9, 0, 0.9));
        }

        Assert.Multiple(() =>
        {
            Assert.That(afterOne, Is.InRange(0.01, 0.1), "one failed run scored 0.9: shrunk by ten pseudo-runs of zero offset");
            Assert.That(calibration.Offset(flattered), Is.GreaterThan(0.3));
            Assert.That(calibration.Offset(other), Is.LessThan(-0.3), "relative to the average, the other model is scored low");
        });
    }
}
