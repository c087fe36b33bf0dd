using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Agent42.Tests.Core.Routing.RoutingTestData;

namespace Agent42.Tests.Core.Routing.Learning;

/// <summary>When a rerank is due: the count since the last one is taken only as far as the answer needs.</summary>
public sealed class RerankScheduleTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _data.Dispose();

    private RerankSchedule CreateSut(int every) =>
        new(new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance), new RoutingOptions { RerankEveryTasks = every }, _data.Path, _time);

    [Test]
    public void TheCountSinceARerank_StopsAtItsCap_AndIsExactBelowIt()
    {
        var stats = OutcomeStats.From(Many(5000, "or-free-a"));

        Assert.Multiple(() =>
        {
            Assert.That(stats.CountRecordedAfter(DateTimeOffset.MinValue, atMost: 10), Is.EqualTo(10));
            Assert.That(stats.CountRecordedAfter(DateTimeOffset.MinValue, atMost: 6000), Is.EqualTo(5000));
            Assert.That(stats.CountRecordedAfter(DateTimeOffset.MinValue), Is.EqualTo(5000));
        });
    }

    [TestCase(10, 9, false)]
    [TestCase(10, 10, true)]
    [TestCase(10, 5000, true)]
    [TestCase(100_000, 5000, false)]
    [TestCase(0, 1, true)]
    public void WithNoRoutingFileYet_ARerankIsDueOnceEnoughOutcomesCame(int every, int outcomes, bool due)
    {
        Assert.That(CreateSut(every).Due(OutcomeStats.From(Many(outcomes, "or-free-a"))), Is.EqualTo(due));
    }
}
