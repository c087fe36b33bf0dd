using Agent42.Core.Routing.Learning;

namespace Agent42.Tests.Core.Routing.Learning;

public sealed class TrafficForgettingTests
{
    private const double Even = 0.9995;

    [Test]
    public void AnEvenShare_ForgetsAtTheEvenRate()
    {
        Assert.That(TrafficForgetting.Rate(Even, 100, 1200, 12), Is.EqualTo(Even).Within(1e-12));
    }

    [Test]
    public void FourTimesTheEvenShare_ForgetsTwiceAsSlowly_AQuarterOfItTwiceAsFast()
    {
        Assert.Multiple(() =>
        {
            Assert.That(1 - TrafficForgetting.Rate(Even, 400, 1200, 12), Is.EqualTo((1 - Even) / 2).Within(1e-12));
            Assert.That(1 - TrafficForgetting.Rate(Even, 25, 1200, 12), Is.EqualTo((1 - Even) * 2).Within(1e-12));
        });
    }

    [Test]
    public void TheRate_StaysWithinItsBounds_HoweverSkewedTheLog()
    {
        Assert.Multiple(() =>
        {
            Assert.That(1 - TrafficForgetting.Rate(Even, 1, 1_000_000, 12), Is.EqualTo((1 - Even) * TrafficForgetting.MaxFactor).Within(1e-12), "a type seen once in a million");
            Assert.That(1 - TrafficForgetting.Rate(0.999, 1_000_000, 1_000_000, 1000), Is.EqualTo(0.001 * TrafficForgetting.MinFactor).Within(1e-12), "one type of a thousand with all of it");
            Assert.That(TrafficForgetting.Rate(Even, 0, 1200, 12), Is.LessThan(1).And.GreaterThan(0), "a type with no runs yet");
        });
    }

    [Test]
    public void AnEmptyLog_ForgetsAtTheEvenRate()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TrafficForgetting.Rate(Even, 0, 0, 12), Is.EqualTo(Even));
            Assert.That(TrafficForgetting.Rate(Even, 5, 10, 0), Is.EqualTo(Even));
        });
    }
}
