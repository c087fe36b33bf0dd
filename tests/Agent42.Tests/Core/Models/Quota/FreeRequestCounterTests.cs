using Agent42.Core.Models.Quota;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Quota;

public sealed class FreeRequestCounterTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 23, 59, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private FreeRequestCounter CreateSut(int limit = 50) =>
        new(_directory.Path, new FreeQuotaOptions { DailyLimit = limit }, _time, new TestLogger<FreeRequestCounter>());

    [Test]
    public void Add_CountsTheDay_AndANewUtcDayStartsFromZero()
    {
        var counter = CreateSut();

        var first = counter.Add(3);
        var second = CreateSut().Add(2);
        _time.Advance(TimeSpan.FromMinutes(2));
        var nextDay = counter.Count();
        var afterMidnight = counter.Add(1);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(3));
            Assert.That(second, Is.EqualTo(5), "another counter on the same data directory adds to the same count");
            Assert.That(nextDay, Is.Zero);
            Assert.That(afterMidnight, Is.EqualTo(1));
        });
    }

    [Test]
    public void ACorruptFile_IsSetAside_AndCountingStartsAgain()
    {
        _directory.Write(FreeRequestCounter.FileName, "{\"day\": \"2026-12-01\", \"requ");

        var total = CreateSut().Add(4);

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(4));
            Assert.That(Directory.GetFiles(_directory.Path, FreeRequestCounter.FileName + ".corrupt-*"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void ANegativeCount_IsRefused()
    {
        Assert.That(() => CreateSut().Add(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
