using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class PriorDoubtTests
{
    private static readonly RankPrior Poor = new(0.35, 15, RankPrior.Related("code"));

    [Test]
    public void WithNoRunsOnTheType_TheDoubtIsItsPrior()
    {
        Assert.That(PriorDoubt.Of(Poor, 0, 0), Is.EqualTo(PriorDoubt.Share));
    }

    [Test]
    public void RunsTheRelatedRecordDidNotPredict_MoveTheWeightToTheFlatPrior()
    {
        var afterThree = PriorDoubt.Of(Poor, 2.7, 3);
        var afterSix = PriorDoubt.Of(Poor, 5.4, 6);

        Assert.Multiple(() =>
        {
            Assert.That(afterThree, Is.GreaterThan(0.4), "three runs at 0.9 where the prior said 0.35: from 0.25");
            Assert.That(afterSix, Is.GreaterThan(0.65), "six: more than even odds that the record elsewhere says nothing here");
        });
    }

    [Test]
    public void RunsThatAgreeWithTheRelatedRecord_LowerTheDoubt()
    {
        Assert.That(PriorDoubt.Of(Poor, 7 * 0.35, 7), Is.LessThan(PriorDoubt.Share * 0.6));
    }

    [Test]
    public void ASpecialistHiddenByItsRecordOnRelatedTypes_IsStillDrawn()
    {
        // Poor at coding and refactoring: its prior on debugging, from eighty runs in its group, says under 0.35; the incumbent has 100 good runs.
        var stats = OutcomeStats.From(Many(40, "or-free-spec", TaskType.Coding, success: false, critic: 0.2)
            .Concat(Many(40, "or-free-spec", TaskType.Refactoring, success: false, critic: 0.2))
            .Concat(Many(100, "or-free-inc", TaskType.Debugging, critic: 0.6)));
        var posteriors = new Posterior[2];
        stats.Posteriors(TaskType.Debugging, ["or-free-spec", "or-free-inc"], _ => null, 5, posteriors);
        var sampler = new BetaSampler(new Random(11));
        var wins = Enumerable.Range(0, 4000).Count(_ => sampler.Sample(posteriors[0]) > sampler.Sample(posteriors[1]));
        var held = posteriors[0] with { Doubt = 0 };
        var heldWins = Enumerable.Range(0, 4000).Count(_ => sampler.Sample(held) > sampler.Sample(posteriors[1]));

        Assert.Multiple(() =>
        {
            Assert.That(posteriors[0].Doubt, Is.EqualTo(PriorDoubt.Share));
            Assert.That(posteriors[0].HeldMean, Is.LessThan(0.35));
            Assert.That(wins / 4000.0, Is.InRange(0.005, 0.1), "a flat-prior draw beats the incumbent's now and then");
            Assert.That(heldWins, Is.LessThan(wins / 5), "the prior from other types alone would almost never");
        });
    }
}
