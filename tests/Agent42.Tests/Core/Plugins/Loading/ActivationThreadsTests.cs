using System.Globalization;
using Agent42.Core.Plugins.Loading;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins.Loading;

/// <summary>
/// The threads plugins' load-time code runs on: reused, so a start with many files does not start a thread per
/// file; never blocked by an item that hangs; and clean between items. Waits are on the items' own signals; the
/// limits only turn a broken build into a failure instead of a hang.
/// </summary>
public sealed class ActivationThreadsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly AsyncLocal<string?> Flowing = new();

    [Test]
    public async Task Run_AfterAnItemFinished_RunsTheNextOnTheSameThread()
    {
        var sut = new ActivationThreads(maxIdle: 2);

        var first = await RunAsync(sut, () => Environment.CurrentManagedThreadId);
        Assert.That(await Poll.UntilAsync(() => sut.IdleCount == 1, Limit), Is.True, "the thread came back for more");
        var second = await RunAsync(sut, () => Environment.CurrentManagedThreadId);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Run_WhileAnItemHangs_RunsTheNextOnAnotherThread()
    {
        var sut = new ActivationThreads(maxIdle: 2);
        using var release = new ManualResetEventSlim();
        var stuckOn = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Run(() =>
        {
            stuckOn.SetResult(Environment.CurrentManagedThreadId);
            release.Wait();
        });
        var stuck = await stuckOn.Task.WaitAsync(Limit);

        try
        {
            var next = await RunAsync(sut, () => Environment.CurrentManagedThreadId);
            Assert.That(next, Is.Not.EqualTo(stuck));
        }
        finally
        {
            release.Set();
        }
    }

    [Test]
    public async Task Run_FlowsTheCallersContext_AndWhatAnItemSetsDoesNotReachTheNext()
    {
        var sut = new ActivationThreads(maxIdle: 1);
        Flowing.Value = "caller";
        var commas = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commas.NumberFormat.NumberDecimalSeparator = ",";

        var seen = await RunAsync(sut, () =>
        {
            var value = Flowing.Value;
            Flowing.Value = "left behind";
            CultureInfo.CurrentCulture = commas;
            return value;
        });
        Assert.That(await Poll.UntilAsync(() => sut.IdleCount == 1, Limit), Is.True);
        Flowing.Value = null;
        var after = await RunAsync(sut, () => (Flowing.Value, Number: 1.5.ToString(CultureInfo.CurrentCulture)));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo("caller"));
            Assert.That(after.Value, Is.Null);
            Assert.That(after.Number, Is.EqualTo("1.5"));
        });
    }

    [Test]
    public async Task Run_ABurstWiderThanTheIdleLimit_KeepsOnlyTheLimitIdle()
    {
        var sut = new ActivationThreads(maxIdle: 2);
        using var release = new ManualResetEventSlim();
        var started = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        foreach (var signal in started)
        {
            sut.Run(() =>
            {
                signal.SetResult();
                release.Wait();
            });
        }

        await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(Limit);
        Assert.That(sut.IdleCount, Is.Zero, "all five ran at once, each on a thread of its own");
        release.Set();

        Assert.That(await Poll.UntilAsync(() => sut.IdleCount == 2, Limit), Is.True);
        var again = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunAsync(sut, () => 1)));
        Assert.That(again, Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public async Task Run_AnItemThatThrows_LeavesTheThreadServing()
    {
        var sut = new ActivationThreads(maxIdle: 1);
        using var thrown = new ManualResetEventSlim();
        sut.Run(() =>
        {
            thrown.Set();
            throw new InvalidOperationException("the item's own failure");
        });
        Assert.That(thrown.Wait(Limit), Is.True);

        Assert.That(await Poll.UntilAsync(() => sut.IdleCount == 1, Limit), Is.True);
        Assert.That(await RunAsync(sut, () => "still serving"), Is.EqualTo("still serving"));
    }

    private static Task<T> RunAsync<T>(ActivationThreads pool, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        pool.Run(() => done.SetResult(work()));
        return done.Task.WaitAsync(Limit);
    }
}
