using Agent42.Core.Plugins.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Plugins.Watching;

public sealed class PathDebouncerTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Notify_ReleasesThePathOnlyAfterTheQuietTime()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time);

        sut.Notify("/t/a.cs");
        _time.Advance(TimeSpan.FromMilliseconds(49));
        var early = sut.Ready.TryRead(out _);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(sut.Ready.TryRead(out var pending), Is.True);
            Assert.That(pending!.Path, Is.EqualTo("/t/a.cs"));
        });
    }

    [Test]
    public void Notify_ABurstOfTwentySaves_ReleasesOnce_TimedFromTheFirst()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time);
        var first = _time.GetTimestamp();

        for (var i = 0; i < 20; i++)
        {
            sut.Notify("/t/a.cs");
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        _time.Advance(TimeSpan.FromMilliseconds(50));
        var released = new List<PendingPath>();
        while (sut.Ready.TryRead(out var pending))
        {
            released.Add(pending);
        }

        Assert.Multiple(() =>
        {
            Assert.That(released, Has.Count.EqualTo(1));
            Assert.That(released[0].FirstNoticed, Is.EqualTo(first));
        });
    }

    [Test]
    public void Notify_DifferentPaths_AreDebouncedSeparately()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time);

        sut.Notify("/t/a.cs");
        _time.Advance(TimeSpan.FromMilliseconds(30));
        sut.Notify("/t/b.cs");
        _time.Advance(TimeSpan.FromMilliseconds(20));
        var afterA = sut.Ready.TryRead(out var a);
        var bTooEarly = sut.Ready.TryRead(out _);
        _time.Advance(TimeSpan.FromMilliseconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(afterA && a!.Path == "/t/a.cs", Is.True);
            Assert.That(bTooEarly, Is.False);
            Assert.That(sut.Ready.TryRead(out var b) && b!.Path == "/t/b.cs", Is.True);
        });
    }

    [Test]
    public void Notify_WithZeroQuietTime_ReleasesAtOnce()
    {
        using var sut = new PathDebouncer(TimeSpan.Zero, _time);

        sut.Notify("/t/a.cs");

        Assert.That(sut.Ready.TryRead(out _), Is.True);
    }

    [Test]
    public void Dispose_CompletesTheReaderAndIgnoresLaterNotifications()
    {
        var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time);
        sut.Notify("/t/a.cs");

        sut.Dispose();
        sut.Notify("/t/b.cs");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Ready.TryRead(out _), Is.False);
            Assert.That(sut.Ready.Completion.IsCompleted, Is.True);
        });
    }

    [Test]
    public void Speculative_ReleasesTheFirstChangeAtOnce_ThenTheSettledOneAfterTheQuietTime()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time, speculative: true);

        sut.Notify("/t/a.cs");
        var atOnce = sut.Ready.TryRead(out var speculative);
        var isLatestAtFirst = sut.IsLatest(speculative!);
        sut.Notify("/t/a.cs"); // still waiting for the worker: no second speculative release
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var settledReleased = sut.Ready.TryRead(out var settled);

        Assert.Multiple(() =>
        {
            Assert.That(atOnce, Is.True);
            Assert.That(speculative!.Speculative, Is.True);
            Assert.That(isLatestAtFirst, Is.True);
            Assert.That(sut.IsLatest(speculative), Is.False, "a newer change came, so the speculative build must not go live");
            Assert.That(settledReleased, Is.True);
            Assert.That(settled!.Speculative, Is.False);
            Assert.That(settled.FirstNoticed, Is.EqualTo(speculative.FirstNoticed));
            Assert.That(sut.IsLatest(settled), Is.True);
            Assert.That(sut.Ready.TryRead(out _), Is.False, "a burst gives one speculative and one settled release");
        });
    }

    [Test]
    public void Speculative_AChangeAfterTheWorkerTookTheRelease_IsReleasedSpeculativelyAgain_AndTakingCoversEveryChangeSoFar()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time, speculative: true);

        sut.Notify("/t/a.cs"); // a save truncates the file first...
        sut.Ready.TryRead(out var first);
        var taken = sut.Take(first!);
        sut.Notify("/t/a.cs"); // ...then writes it, while the empty file fails to build
        var again = sut.Ready.TryRead(out var second);
        sut.Notify("/t/a.cs");
        var stale = sut.IsLatest(sut.Take(second!));
        sut.Ready.TryRead(out _);
        sut.Notify("/t/a.cs");

        Assert.Multiple(() =>
        {
            Assert.That(sut.IsLatest(taken), Is.False);
            Assert.That(again, Is.True);
            Assert.That(second!.Speculative, Is.True);
            Assert.That(second.FirstNoticed, Is.EqualTo(first!.FirstNoticed), "latency is timed from the burst's first change");
            Assert.That(stale, Is.True, "taken after the third change, the release covers it");
        });
    }

    [Test]
    public void NotSpeculative_ReleasesNothingBeforeTheQuietTime()
    {
        using var sut = new PathDebouncer(TimeSpan.FromMilliseconds(50), _time);

        sut.Notify("/t/a.cs");

        Assert.That(sut.Ready.TryRead(out _), Is.False);
    }
}
