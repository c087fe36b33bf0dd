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
            Assert.That(posteriors[0].Doubt, Is.EqualTo(stats.DoubtShare().Share), "no runs on debugging: the doubt is the learned share");
            Assert.That(stats.DoubtShare().Share, Is.LessThan(PriorDoubt.Share), "its coding and refactoring runs each agreed with its record on the other");
            Assert.That(posteriors[0].HeldMean, Is.LessThan(0.35));
            Assert.That(wins / 4000.0, Is.InRange(0.005, 0.1), "a flat-prior draw beats the incumbent's now and then");
            Assert.That(heldWins, Is.LessThan(wins / 5), "the prior from other types alone would almost never");
        });
    }

    [Test]
    public void Learn_WithNoRecords_KeepsTheStartingShare()
    {
        Assert.That(PriorDoubt.Learn([]), Is.EqualTo(PriorDoubt.Share));
    }

    [Test]
    public void Learn_FindsTheShareOfRecordsTheirPriorDidNotPredict()
    {
        // Forty records: in a quarter the flat prior predicted the runs e^4 times better, in the rest e^4 times worse.
        var factors = Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? 4.0 : -4.0).ToArray();
        var quarter = PriorDoubt.Learn(factors);
        var tenth = PriorDoubt.Learn(Enumerable.Range(0, 40).Select(i => i % 10 == 0 ? 4.0 : -4.0).ToArray());
        var most = PriorDoubt.Learn(Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? -4.0 : 4.0).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(quarter, Is.InRange(0.2, 0.3));
            Assert.That(tenth, Is.InRange(0.08, 0.16));
            Assert.That(most, Is.InRange(0.65, 0.8));
            Assert.That(PriorDoubt.Learn(Enumerable.Repeat(-30.0, 500).ToArray()), Is.EqualTo(PriorDoubt.MinShare), "never below the floor");
            Assert.That(PriorDoubt.Learn(Enumerable.Repeat(30.0, 500).ToArray()), Is.EqualTo(PriorDoubt.MaxShare), "nor above the ceiling");
        });
    }

    [Test]
    public void Learn_IgnoresAFactorThatIsNotANumber_AndTakesAnInfiniteOneAsCertain()
    {
        var clean = PriorDoubt.Learn(Enumerable.Repeat(-4.0, 30).Append(4.0).ToArray());
        var withNaN = PriorDoubt.Learn(Enumerable.Repeat(-4.0, 30).Append(4.0).Append(double.NaN).ToArray());
        var withInfinity = PriorDoubt.Learn(Enumerable.Repeat(-4.0, 30).Append(double.PositiveInfinity).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(withNaN, Is.EqualTo(clean));
            Assert.That(withInfinity, Is.InRange(PriorDoubt.MinShare, PriorDoubt.Share), "one certain record among thirty");
        });
    }

    [Test]
    public void Learn_FromAFewRecords_StaysNearTheStartingShare()
    {
        Assert.That(PriorDoubt.Learn([-30.0]), Is.InRange(0.15, PriorDoubt.Share), "one record is not a world");
    }

    [Test]
    public void Of_AtTheLearnedShare_StartsThereAndMovesTheSameWay()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PriorDoubt.Of(Poor, 0, 0, 0.6), Is.EqualTo(0.6));
            Assert.That(PriorDoubt.Of(Poor, 5.4, 6, 0.1), Is.GreaterThan(0.1).And.LessThan(PriorDoubt.Of(Poor, 5.4, 6)));
        });
    }

    [Test]
    public void TheLearnedShare_FollowsHowOftenARecordElsewhereMisjudgesAType()
    {
        var alike = OutcomeStats.From(TypeAlikenessTests.World((m, _) => TypeAlikenessTests.Level(m))).DoubtShare();
        // Model m is best on type m (0.9) and poor to middling elsewhere, unrelated to its level on other types.
        var specialists = OutcomeStats.From(TypeAlikenessTests.World((m, type) => (int)type % 10 == m ? 0.9 : 0.2 + (0.05 * (((int)type * 7 + m * 3) % 7)))).DoubtShare();
        // Every model's rate on every type unrelated to its rates elsewhere: from 0.1 to 0.9.
        var unrelated = OutcomeStats.From(TypeAlikenessTests.World((m, type) => 0.1 + (0.08 * (((m * 7) + ((int)type * 13)) % 11)))).DoubtShare();

        Assert.Multiple(() =>
        {
            Assert.That(alike.Records, Is.EqualTo(110), "ten models with runs on eleven types");
            Assert.That(specialists.Records, Is.EqualTo(110));
            Assert.That(alike.Share, Is.LessThan(0.1), "every model's record elsewhere predicted its runs");
            Assert.That(specialists.Share, Is.InRange(0.12, 0.3), "a tenth of the records are specialists their record elsewhere hid");
            Assert.That(unrelated.Share, Is.GreaterThan(0.5), "a model's record elsewhere says nothing of its rate on a type");
        });
    }

    [Test]
    public void TheSameLog_LearnsTheSameShare_WhateverWasAskedOnTheWay()
    {
        var world = TypeAlikenessTests.World((m, type) => (int)type % 10 == m ? 0.9 : TypeAlikenessTests.Level(m));
        var restarted = OutcomeStats.From(world);
        var live = new OutcomeStats();
        var into = new Posterior[1];
        foreach (var outcome in world)
        {
            live.Add(outcome);
            // A running router reads the share between outcomes; a restart reads it once at the end.
            live.Posteriors(outcome.Type, [outcome.ModelKey], _ => null, 5, into);
        }

        Assert.That(live.DoubtShare(), Is.EqualTo(restarted.DoubtShare()));
    }
}
