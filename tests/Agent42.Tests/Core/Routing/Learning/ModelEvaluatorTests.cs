using Agent42.Core.Routing;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class ModelEvaluatorTests
{
    [Test]
    public void CompositeTerms_AreTheDocumentedOnes()
    {
        // Two runs: one approved at the first of 8 iterations with score 0.8, one failed.
        var outcomes = new[] { Outcome("m", iterations: 1, critic: 0.8, tokens: 1000), Outcome("m", success: false, iterations: 8, critic: 0.2, tokens: 1000) };

        var rank = ModelEvaluator.Rank(outcomes, TaskType.Coding, _ => null, 5).Single();
        // The first run has been discounted once by the second: it is worth g, the second 1.
        var g = OutcomeStats.Forgetting;
        var share = g / (1 + g);

        Assert.Multiple(() =>
        {
            Assert.That(rank.SuccessRate, Is.EqualTo(share).Within(1e-12));
            Assert.That(rank.IterationEfficiency, Is.EqualTo(share).Within(1e-12), "1 for a first-try success, 0 for a failure");
            Assert.That(rank.CriticScore, Is.EqualTo(((0.8 * g) + 0.2) / (1 + g)).Within(1e-12));
            Assert.That(rank.TokenEfficiency, Is.EqualTo(share).Within(1e-12), "quality per token, as a share of the type's 90th percentile (this run's), capped at 1");
            Assert.That(rank.Composite, Is.EqualTo((0.4 * share) + (0.3 * share) + (0.2 * rank.CriticScore) + (0.1 * share)).Within(1e-12));
            Assert.That(rank.Samples, Is.EqualTo(2));
            Assert.That(rank.EffectiveSamples, Is.EqualTo(1 + g).Within(1e-12));
        });
    }

    [Test]
    public void TwoLuckyRuns_DoNotBeatFortyGoodOnes()
    {
        var outcomes = Many(2, "or-free-lucky", critic: 1.0).Concat(Many(40, "or-free-steady", critic: 0.8)).ToList();

        var ranks = ModelEvaluator.Rank(outcomes, TaskType.Coding, _ => null, 5);

        Assert.Multiple(() =>
        {
            Assert.That(ranks[0].ModelKey, Is.EqualTo("or-free-steady"));
            Assert.That(ranks.Single(r => r.ModelKey == "or-free-lucky").Composite, Is.GreaterThan(ranks[0].Composite), "the raw composite alone would pick the lucky one");
        });
    }

    [Test]
    public void AResearchPrior_CountsAsPseudoOutcomes_ThatRealOutcomesOutweigh()
    {
        var few = Many(1, "m", success: false, critic: 0.1).ToList();
        var many = Many(30, "m", success: false, critic: 0.1).ToList();

        var withPriorFew = ModelEvaluator.Rank(few, TaskType.Coding, _ => 0.9, 5).Single();
        var withoutPriorFew = ModelEvaluator.Rank(few, TaskType.Coding, _ => null, 5).Single();
        var withPriorMany = ModelEvaluator.Rank(many, TaskType.Coding, _ => 0.9, 5).Single();

        Assert.Multiple(() =>
        {
            Assert.That(withPriorFew.PosteriorMean, Is.GreaterThan(withoutPriorFew.PosteriorMean + 0.2));
            Assert.That(withPriorMany.PosteriorMean, Is.LessThan(0.25), "thirty failures outweigh a good prior worth five");
        });
    }

    [Test]
    public void WithoutResearch_AModelsRecordOnOtherTypes_IsItsPriorOnANewOne()
    {
        var stats = OutcomeStats.From(Many(20, "or-free-good", TaskType.Debugging, critic: 0.9)
            .Concat(Many(20, "or-free-bad", TaskType.Debugging, success: false, critic: 0.1))
            .Concat(Many(2, "or-free-good", TaskType.Research, critic: 0.9)));

        var good = stats.Rank(TaskType.Coding, "or-free-good", null, 5);
        var bad = stats.Rank(TaskType.Coding, "or-free-bad", null, 5);
        var stranger = stats.Rank(TaskType.Coding, "or-free-new", null, 5);
        var researched = stats.Rank(TaskType.Coding, "or-free-bad", 0.7, 5);

        Assert.Multiple(() =>
        {
            // Shrunk towards 0.5: twenty runs in its group say much, not all.
            Assert.That(good.Prior.Mean, Is.GreaterThan(0.8), "twenty good debugging runs");
            Assert.That(bad.Prior.Mean, Is.LessThan(0.2));
            Assert.That(stranger.Prior.Mean, Is.EqualTo(0.5));
            Assert.That(researched.Prior.Mean, Is.EqualTo(0.7), "research, when there is some, is the prior");
            Assert.That(good.Samples, Is.Zero);
        });
    }

    [Test]
    public void ThePriorFromOtherTypes_IsWorthMoreTheMoreRunsItRestsOn_AndTheMoreAlikeTheLogShowsTheTypes()
    {
        var few = Many(3, "or-free-few", TaskType.Debugging);
        var many = Many(60, "or-free-many", TaskType.Debugging).Concat(Many(8, "or-free-many", TaskType.Coding));
        var unlike = OutcomeStats.From(few.Concat(many));
        var alike = OutcomeStats.From(AlikeOn(TaskType.Coding, TaskType.Debugging).Concat(few).Concat(many));
        var g = OutcomeStats.Forgetting;
        var codingRuns = Enumerable.Range(0, 8).Sum(i => Math.Pow(g, i));

        RankPrior Prior(OutcomeStats stats, string model) => stats.Rank(TaskType.Coding, model, null, 5).Prior;
        var manyRank = unlike.Rank(TaskType.Coding, "or-free-many", null, 5);
        var researched = unlike.Rank(TaskType.Coding, "or-free-many", 0.7, 5);
        var stranger = unlike.Rank(TaskType.Coding, "or-free-new", null, 5);

        Assert.Multiple(() =>
        {
            Assert.That(Prior(unlike, "or-free-few").Source, Is.EqualTo(RankPrior.Related("code")));
            Assert.That(Prior(unlike, "or-free-many").Weight, Is.GreaterThan(Prior(unlike, "or-free-few").Weight), "sixty runs elsewhere say more than three");
            Assert.That(Prior(alike, "or-free-many").Weight, Is.GreaterThan(Prior(unlike, "or-free-many").Weight + 5),
                "other models' records agreeing on coding and debugging make a debugging record worth more on coding");
            Assert.That(Prior(alike, "or-free-many").Weight, Is.LessThanOrEqualTo(TypeAlikeness.MaxPriorWeight));
            Assert.That((stranger.Prior.Weight, stranger.Prior.Source), Is.EqualTo((5.0, RankPrior.None)));
            Assert.That((researched.Prior.Weight, researched.Prior.Source), Is.EqualTo((5.0, RankPrior.Research)), "research is worth the configured weight");
            Assert.That(manyRank.Alpha + manyRank.Beta, Is.EqualTo(manyRank.Prior.Weight + codingRuns).Within(1e-9), "the posterior holds the prior's worth plus the type's own discounted runs");
            Assert.That((manyRank.Samples, manyRank.EffectiveSamples), Is.EqualTo((8, codingRuns)).Using<(int, double)>((x, y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-9));
        });
    }

    [Test]
    public void OutcomesOfOtherTaskTypes_DoNotCount()
    {
        var outcomes = Many(5, "m", TaskType.Email).Concat(Many(3, "m", TaskType.Coding)).ToList();

        Assert.That(ModelEvaluator.Rank(outcomes, TaskType.Coding, _ => null, 5).Single().Samples, Is.EqualTo(3));
    }
}
