using Agent42.Core.Routing.Learning;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class RewardSpreadTests
{
    private static double FactorOf(IEnumerable<double> rewards)
    {
        var list = rewards.ToList();
        return RewardSpread.Factor(list.Sum(), list.Sum(r => r * r), list.Count);
    }

    [Test]
    public void CoinFlips_AreWorthOneTrialEach()
    {
        Assert.That(FactorOf(Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 0.0 : 1.0)), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void ManyRewardsThatCluster_AreWorthMoreTrialsEach_UpToTheCap()
    {
        var random = new Random(3);

        var clustered = FactorOf(Enumerable.Range(0, 200).Select(_ => 0.6 + ((random.NextDouble() - 0.5) * 0.04)));
        var passOrFail = FactorOf(Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 0.05 * random.NextDouble() : 1 - (0.05 * random.NextDouble())));

        Assert.Multiple(() =>
        {
            Assert.That(clustered, Is.EqualTo(RewardSpread.MaxFactor));
            Assert.That(passOrFail, Is.GreaterThan(1).And.LessThan(1.2), "a reward that is pass or fail is nearly a coin");
        });
    }

    [Test]
    public void TwoRunsThatAgree_ProveLittle()
    {
        // No spread observed, shrunk towards a coin's by four pseudo-runs: (2 + 4) / 4 trials per run.
        Assert.That(FactorOf([0.6, 0.6]), Is.EqualTo(1.5).Within(1e-9));
    }

    [Test]
    public void NoRunsOrACertainMean_CountOneForOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RewardSpread.Factor(0, 0, 0), Is.EqualTo(1));
            Assert.That(FactorOf(Enumerable.Repeat(1.0, 30)), Is.EqualTo(1));
            Assert.That(FactorOf(Enumerable.Repeat(0.0, 30)), Is.EqualTo(1));
        });
    }
}
