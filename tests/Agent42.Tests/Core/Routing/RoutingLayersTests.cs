using Agent42.Core.Routing;

namespace Agent42.Tests.Core.Routing;

public sealed class RoutingLayersTests
{
    [Test]
    public void EachLayer_PrintsAsItAlwaysHas()
    {
        Assert.That(Enum.GetValues<RoutingLayer>().Select(l => l.Text()), Is.EqualTo(new[] { "default", "admin", "--model", "dynamic", "trial" }));
    }
}
