using System.Collections.Concurrent;
using Agent42.Core.Plugins.Watching;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Plugins.Watching;

/// <summary>Against a real directory and the OS's watcher: the behaviour under test is the file system's.</summary>
public sealed class PluginWatcherTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _applied = new();
    private readonly SemaphoreSlim _signal = new(0);
    private PluginWatcher? _sut;

    public async ValueTask DisposeAsync()
    {
        if (_sut is not null)
        {
            await _sut.DisposeAsync();
        }

        _signal.Dispose();
        _dir.Dispose();
    }

    private PluginWatcher Start(TimeSpan debounce, TimeProvider? time = null, bool useOsWatcher = true)
    {
        _sut = new PluginWatcher(_dir.Path, debounce, TimeSpan.FromSeconds(1), time ?? TimeProvider.System, NullLogger.Instance,
            (pending, _) =>
            {
                _applied.Enqueue(Path.GetFileName(pending.Path));
                _signal.Release();
                return Task.CompletedTask;
            },
            useOsWatcher);
        _sut.Start();
        return _sut;
    }

    private async Task<string> NextAppliedAsync()
    {
        Assert.That(await _signal.WaitAsync(Patience), Is.True, "no change was applied in time");
        _applied.TryDequeue(out var name);
        return name!;
    }

    private async Task<HashSet<string>> AppliedAsync(int count)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            names.Add(await NextAppliedAsync());
        }

        return names;
    }

    [Test]
    public async Task CreatedEditedAndDeletedFiles_AreEachApplied()
    {
        Start(TimeSpan.FromMilliseconds(20));

        _dir.Write("a.cs", "class A {}");
        Assert.That(await NextAppliedAsync(), Is.EqualTo("a.cs"));
        _dir.Write("a.cs", "class A { int x; }");
        Assert.That(await NextAppliedAsync(), Is.EqualTo("a.cs"));
        File.Delete(_dir.Combine("a.cs"));
        Assert.That(await NextAppliedAsync(), Is.EqualTo("a.cs"));
    }

    [Test]
    public async Task Rename_AppliesTheOldAndTheNewName()
    {
        _dir.Write("old.cs", "class A {}");
        Start(TimeSpan.FromMilliseconds(20));

        File.Move(_dir.Combine("old.cs"), _dir.Combine("new.cs"));

        Assert.That(await AppliedAsync(2), Is.EquivalentTo(new[] { "old.cs", "new.cs" }));
    }

    [Test]
    public async Task EditorSaveThroughATempFileAndRename_AppliesTheTarget()
    {
        _dir.Write("tool.cs", "class A {}");
        Start(TimeSpan.FromMilliseconds(20));

        _dir.Write(".tool.cs.swp", "class A { int y; }");
        File.Move(_dir.Combine(".tool.cs.swp"), _dir.Combine("tool.cs"), overwrite: true);

        Assert.That(await NextAppliedAsync(), Is.EqualTo("tool.cs"));
    }

    [Test]
    public async Task ABurstOfTwentySaves_IsAppliedOnce()
    {
        // A generous quiet time, so that a slow machine's twenty writes still fall inside one window.
        Start(TimeSpan.FromMilliseconds(500));

        for (var i = 0; i < 20; i++)
        {
            _dir.Write("busy.cs", $"class A {{ int x{i}; }}");
        }

        Assert.That(await NextAppliedAsync(), Is.EqualTo("busy.cs"));
        // Proving an absence needs a wait: nothing more may arrive within a few debounce periods.
        Assert.That(await _signal.WaitAsync(TimeSpan.FromSeconds(1.5)), Is.False, "the burst was applied more than once");
    }

    [Test]
    public async Task FilesThatAreNotSources_AreIgnored()
    {
        Start(TimeSpan.FromMilliseconds(20));

        _dir.Write("notes.txt", "x");
        _dir.Write("tool.cs~", "x");
        _dir.Write("real.cs", "class A {}");

        Assert.That(await NextAppliedAsync(), Is.EqualTo("real.cs"));
        Assert.That(_applied, Is.Empty);
    }

    [Test]
    public async Task HelperFilesForLoad_AreApplied()
    {
        Start(TimeSpan.FromMilliseconds(20));

        _dir.Write("_shared.csx", "int Twice(int x) => 2 * x;");

        Assert.That(await NextAppliedAsync(), Is.EqualTo("_shared.csx"));
    }

    [Test]
    public async Task WithoutTheOsWatcher_TheRescanFindsChanges()
    {
        var time = new FakeTimeProvider();
        var sut = Start(TimeSpan.FromMilliseconds(50), time, useOsWatcher: false);
        Assert.That(sut.IsWatching, Is.False);

        _dir.Write("polled.cs", "class A {}");
        for (var i = 0; i < 200 && _applied.IsEmpty; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        Assert.That(await NextAppliedAsync(), Is.EqualTo("polled.cs"));
    }

    [Test]
    public async Task ASettledReleaseOvertakenBeforeTheWorkerTookIt_IsNotApplied_TheNewerChangesReleasesAre()
    {
        // The flaky watch test's cause: a build slower than the quiet period lets the settled release queue behind
        // it; the user, seeing the update, saves again; the worker then took the old settled release and read the
        // file mid-write (a spurious rejection of an empty or half-written file).
        var time = new FakeTimeProvider();
        var path = _dir.Combine("slow.cs");
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        _sut = new PluginWatcher(_dir.Path, TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1), time, NullLogger.Instance,
            async (pending, _) =>
            {
                _applied.Enqueue(pending.Speculative ? "speculative" : "settled");
                _signal.Release();
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await busy.Task;
                }
            },
            useOsWatcher: false,
            speculative: true);
        _sut.Start();

        _sut.Notify(path);
        var first = await NextAppliedAsync(); // the worker is now building the first change
        time.Advance(TimeSpan.FromMilliseconds(50)); // its settled release queues behind the build
        _sut.Notify(path); // the next save starts
        busy.SetResult();
        var second = await NextAppliedAsync();
        time.Advance(TimeSpan.FromMilliseconds(50));
        var third = await NextAppliedAsync();

        Assert.That(new[] { first, second, third }, Is.EqualTo(new[] { "speculative", "speculative", "settled" }),
            "the first change's settled release was overtaken by the second change and must not be applied");
    }

    [Test]
    public async Task AnApplyThatThrows_DoesNotStopTheWorker()
    {
        var calls = 0;
        _sut = new PluginWatcher(_dir.Path, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance,
            (pending, _) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("plugin blew up");
                }

                _applied.Enqueue(Path.GetFileName(pending.Path));
                _signal.Release();
                return Task.CompletedTask;
            });
        _sut.Start();

        _dir.Write("first.cs", "x");
        await Task.Delay(200);
        _dir.Write("second.cs", "y");

        Assert.That(await NextAppliedAsync(), Is.EqualTo("second.cs"));
    }
}
