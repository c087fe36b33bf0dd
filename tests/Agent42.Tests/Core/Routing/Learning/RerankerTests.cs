using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class RerankerTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Eligible = ["or-free-a", "or-free-b", "or-free-c"];

    [Test]
    public void TheBestProvenModel_IsPrimary_TheRunnerUpCritic_AndUnprovenOnesAreTrials()
    {
        var outcomes = Many(12, "or-free-a", critic: 0.9)
            .Concat(Many(8, "or-free-b", success: false, critic: 0.3))
            .Concat(Many(2, "or-free-c"))
            .ToList();

        var file = Reranker.Rerank(OutcomeStats.From(outcomes), Eligible, (_, _) => null, new RoutingOptions(), Now);

        var coding = file.Routing["coding"];
        Assert.Multiple(() =>
        {
            Assert.That((coding.Primary, coding.Critic, coding.SampleSize, coding.MaxIterations), Is.EqualTo(("or-free-a", "or-free-b", 12, 8)));
            Assert.That(coding.Confidence, Is.GreaterThan(0.95));
            Assert.That(file.Trials["or-free-c"], Is.EqualTo(new TrialEntry(["coding"], 2, 5)).Using<TrialEntry>((x, y) =>
                x.Completions == y.Completions && x.MinRequired == y.MinRequired && x.TaskTypesTrialed.SequenceEqual(y.TaskTypesTrialed)));
            Assert.That(file.Routing.ContainsKey("email"), Is.False, "no outcomes: the defaults route it");
        });
    }

    [Test]
    public void TheSameLog_GivesTheSameRouting_AsAfterARestart()
    {
        var outcomes = Many(9, "or-free-a", critic: 0.7).Concat(Many(9, "or-free-b", critic: 0.72)).ToList();

        var first = Reranker.Rerank(OutcomeStats.From(outcomes), Eligible, (_, _) => null, new RoutingOptions(), Now);
        var second = Reranker.Rerank(OutcomeStats.From(outcomes.ToList()), Eligible, (_, _) => null, new RoutingOptions(), Now);

        Assert.That(second.Routing["coding"], Is.EqualTo(first.Routing["coding"]).Using<RoutingEntry>((x, y) =>
            x.Primary == y.Primary && x.Critic == y.Critic && x.Confidence == y.Confidence && x.SampleSize == y.SampleSize));
    }

    [Test]
    public void AModelThatIsNoLongerEligible_IsNotRouted_AndItsTrialExpires()
    {
        var outcomes = Many(12, "or-free-gone", critic: 1).Concat(Many(6, "or-free-a")).Concat(Many(2, "or-free-vanished")).ToList();

        var file = Reranker.Rerank(OutcomeStats.From(outcomes), Eligible, (_, _) => null, new RoutingOptions(), Now);

        Assert.Multiple(() =>
        {
            Assert.That(file.Routing["coding"].Primary, Is.EqualTo("or-free-a"));
            Assert.That(file.Trials.ContainsKey("or-free-vanished"), Is.False, "a trial ends when its model leaves the catalog");
        });
    }
}
