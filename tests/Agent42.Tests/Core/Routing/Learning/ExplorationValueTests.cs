using Agent42.Core.Routing.Learning;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class ExplorationValueTests
{
    [Test]
    public void TheBestMean_AlwaysPays()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExplorationValue.Pays(0.8, 0.01, 1, bestOther: 0.7, horizon: 10), Is.True);
            Assert.That(ExplorationValue.Pays(0.8, 0.01, 1, bestOther: 0.8, horizon: 10), Is.True, "a tie costs nothing");
        });
    }

    [Test]
    public void AModelLittleKnown_Pays_AWellKnownOneFarBehind_DoesNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExplorationValue.Pays(0.7, 0.2, 1, bestOther: 0.8, horizon: 1000), Is.True, "0.7 +/- 0.2 could well be the best");
            Assert.That(ExplorationValue.Pays(0.7, 0.03, 1, bestOther: 0.8, horizon: 2000), Is.False, "0.7 +/- 0.03 is more than three deviations behind");
            Assert.That(ExplorationValue.Pays(0.7, 0, 1, bestOther: 0.8, horizon: 2000), Is.False, "nothing left to learn");
        });
    }

    [Test]
    public void ALongerHorizon_PaysForMoreExploring()
    {
        // About sixty runs at 0.7 against a best of 0.8: not worth it over a few thousand tasks, worth it over a hundred thousand.
        Assert.Multiple(() =>
        {
            Assert.That(ExplorationValue.Pays(0.7, 0.059, 1, bestOther: 0.8, horizon: 6900), Is.False);
            Assert.That(ExplorationValue.Pays(0.7, 0.059, 1, bestOther: 0.8, horizon: 100_000), Is.True);
        });
    }

    [Test]
    public void SeveralRunsCanPay_WhereOneCannot()
    {
        // One run of a model known to +/- 0.04 can barely move it; a dozen or so can show it ahead of a best 0.02 above.
        Assert.Multiple(() =>
        {
            Assert.That(ExplorationValue.Pays(0.7, 0.04, 1, bestOther: 0.72, horizon: 2000), Is.True);
            Assert.That(ExplorationValue.Pays(0.7, 0.04, 1, bestOther: 0.72, horizon: 1), Is.False, "a horizon of one task reaps nothing");
        });
    }

    [Test]
    public void TheNormalDistribution_IsRightToSixDigits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExplorationValue.NormalCdf(0), Is.EqualTo(0.5).Within(1e-7));
            Assert.That(ExplorationValue.NormalCdf(1.959963985), Is.EqualTo(0.975).Within(1e-6));
            Assert.That(ExplorationValue.NormalCdf(-1), Is.EqualTo(0.158655254).Within(1e-6));
            Assert.That(ExplorationValue.NormalCdf(-4), Is.EqualTo(3.167124e-5).Within(1e-6));
            Assert.That(ExplorationValue.NormalPdf(1), Is.EqualTo(0.241970725).Within(1e-9));
        });
    }
}
