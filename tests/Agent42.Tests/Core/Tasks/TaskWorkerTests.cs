using System.Collections.Concurrent;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tasks;

/// <summary>The worker loop on the files store, with a stand-in executor and a fake clock.</summary>
[TestFixture]
internal sealed class TaskWorkerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TaskQueueOptions _options = new() { LeaseSeconds = 30, PollSeconds = 1 };
    private readonly Observer _observer = new();

    public void Dispose() => _temp.Dispose();

    [Test]
    public async Task Run_DoesEachReadyTaskInOrder_StoringResultsAndErrors()
    {
        var store = CreateStore();
        var good = await store.EnqueueAsync("good", TaskType.Coding, null, CancellationToken.None);
        var bad = await store.EnqueueAsync("bad", TaskType.Coding, null, CancellationToken.None);
        var executor = new StandIn(async (task, _) =>
        {
            await Task.Yield();
            return task.Description == "bad" ? throw new InvalidOperationException("no model left") : "answer to " + task.Description;
        });

        var taken = await CreateWorker(store, executor).RunAsync(new TaskWorkLimits(null, StopWhenIdle: true), _observer, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(2));
            Assert.That(executor.Seen, Is.EqualTo(new[] { "good", "bad" }));
            Assert.That(store.Get(good.Id)!.Task.Status, Is.EqualTo(AgentTaskStatus.Done));
            Assert.That(store.Get(good.Id)!.Task.Result, Is.EqualTo("answer to good"));
            Assert.That(store.Get(bad.Id)!.Task.Status, Is.EqualTo(AgentTaskStatus.Failed));
            Assert.That(store.Get(bad.Id)!.Task.Error, Is.EqualTo("no model left"));
            Assert.That(_observer.Lines, Is.EqualTo(new[] { $"taken {good.Id} 1", $"done {good.Id}", $"taken {bad.Id} 1", $"failed {bad.Id} no model left" }));
        });
    }

    [Test]
    public async Task Run_WithAMaximum_StopsAfterThatManyTasks()
    {
        var store = CreateStore();
        for (var i = 0; i < 3; i++)
        {
            await store.EnqueueAsync($"t{i}", TaskType.Coding, null, CancellationToken.None);
        }

        var taken = await CreateWorker(store, new StandIn((t, _) => Task.FromResult("ok"))).RunAsync(new TaskWorkLimits(2, false), _observer, CancellationToken.None);

        Assert.That(taken, Is.EqualTo(2));
        Assert.That(store.List().Select(t => t.Task.Status), Is.EqualTo(new[] { AgentTaskStatus.Done, AgentTaskStatus.Done, AgentTaskStatus.Pending }));
    }

    [Test]
    public async Task Run_WhenIdle_WaitsAPollIntervalAndTakesATaskQueuedMeanwhile()
    {
        var store = CreateStore();
        var running = CreateWorker(store, new StandIn((t, _) => Task.FromResult("ok"))).RunAsync(new TaskWorkLimits(1, false), _observer, CancellationToken.None);
        var task = await store.EnqueueAsync("late", TaskType.Coding, null, CancellationToken.None);

        Assert.That(await AdvanceUntilAsync(() => running.IsCompleted, _options.Poll), Is.True, "the worker never looked again");
        Assert.That(await running, Is.EqualTo(1));
        Assert.That(store.Get(task.Id)!.Task.Status, Is.EqualTo(AgentTaskStatus.Done));
    }

    [Test]
    public async Task Run_RenewsTheLeaseWhileTheTaskRuns_SoNoOtherWorkerTakesIt()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("long", TaskType.Coding, null, CancellationToken.None);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = CreateWorker(store, new StandIn((_, _) =>
        {
            started.TrySetResult();
            return release.Task;
        })).RunAsync(new TaskWorkLimits(1, true), _observer, CancellationToken.None);
        await started.Task.WaitAsync(Wait);

        // Three whole lease lengths pass, a third at a time: each step the worker renews before the lease ends.
        for (var step = 0; step < 9; step++)
        {
            var until = store.Get(task.Id)!.LeaseUntil;
            _time.Advance(_options.Lease / 3);
            Assert.That(await Poll.UntilAsync(() => store.Get(task.Id)!.LeaseUntil > until, Wait), Is.True, $"no renewal at step {step}");
            Assert.That(await CreateStore().TryDequeueAsync("other", _options.Lease, CancellationToken.None), Is.Null);
        }

        release.SetResult("finally");
        await running.WaitAsync(Wait);
        Assert.That(store.Get(task.Id)!.Task.Result, Is.EqualTo("finally"));
    }

    [Test]
    public async Task Run_WhenAnotherWorkerTookTheTaskAfterRenewalsFailed_StopsTheRunAndStoresNothing()
    {
        var files = CreateStore();
        var store = new FlakyStore(files) { FailRenewals = true };
        var task = await store.EnqueueAsync("contested", TaskType.Coding, null, CancellationToken.None);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = CreateWorker(store, new StandIn(async (_, token) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }

            // A stubborn executor that answers anyway: its answer must still not be stored.
            return "stale answer";
        })).RunAsync(new TaskWorkLimits(1, true), _observer, CancellationToken.None);
        await started.Task.WaitAsync(Wait);

        Assert.That(await AdvanceUntilAsync(() => store.RenewalFailures >= 3, _options.Lease / 3), Is.True);
        var other = await AdvanceUntilAsync(() => CreateStore().TryDequeueAsync("other", _options.Lease, CancellationToken.None), _options.Lease / 3);
        store.FailRenewals = false;
        Assert.That(await AdvanceUntilAsync(() => cancelled.Task.IsCompleted, _options.Lease / 3), Is.True, "the run was not stopped");
        await running.WaitAsync(Wait);

        var stored = files.Get(task.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.LeaseOwner, Is.EqualTo("other"));
            Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            Assert.That(stored.Task.Result, Is.Null);
            Assert.That(_observer.Lines, Has.Some.StartWith($"lost {task.Id}"));
            Assert.That(_observer.Lines, Has.Some.StartWith($"store-failed {task.Id}"));
        });
        await files.CompleteAsync(other, "the other worker's answer", CancellationToken.None);
    }

    [Test]
    public async Task Run_WhenCancelledMidTask_LeavesTheTaskHeldUntilItsLeaseRunsOut()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("interrupted", TaskType.Coding, null, CancellationToken.None);
        using var ctrlC = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = CreateWorker(store, new StandIn(async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        })).RunAsync(TaskWorkLimits.Forever, _observer, ctrlC.Token);
        await started.Task.WaitAsync(Wait);

        await ctrlC.CancelAsync();

        Assert.That(async () => await running.WaitAsync(Wait), Throws.InstanceOf<OperationCanceledException>());
        var stored = store.Get(task.Id)!;
        Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
        Assert.That(await CreateStore().TryDequeueAsync("next", _options.Lease, CancellationToken.None), Is.Null);
        _time.Advance(_options.Lease);
        Assert.That((await CreateStore().TryDequeueAsync("next", _options.Lease, CancellationToken.None))!.Task.Id, Is.EqualTo(task.Id));
    }

    [Test]
    public async Task Run_WhenStoringTheResultFailsAtFirst_TriesAgainAndKeepsTheAnswer()
    {
        var files = CreateStore();
        var store = new FlakyStore(files) { FailCompletions = 2 };
        var task = await store.EnqueueAsync("answer me", TaskType.Coding, null, CancellationToken.None);
        var running = CreateWorker(store, new StandIn((_, _) => Task.FromResult("kept"))).RunAsync(new TaskWorkLimits(1, true), _observer, CancellationToken.None);

        Assert.That(await AdvanceUntilAsync(() => running.IsCompleted, _options.Poll), Is.True);
        await running;

        Assert.That(files.Get(task.Id)!.Task.Result, Is.EqualTo("kept"));
        Assert.That(_observer.Lines.Count(l => l.StartsWith($"store-failed {task.Id}", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Run_WhenCancelledAfterTheRunEnded_StillStoresTheAnswer()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("finished just in time", TaskType.Coding, null, CancellationToken.None);
        using var ctrlC = new CancellationTokenSource();

        await CreateWorker(store, new StandIn(async (_, _) =>
        {
            await ctrlC.CancelAsync();
            return "whole answer";
        })).RunAsync(new TaskWorkLimits(1, true), _observer, ctrlC.Token);

        Assert.That(store.Get(task.Id)!.Task.Result, Is.EqualTo("whole answer"));
    }

    private FileTaskStore CreateStore() => new(_temp.Path, _time, new TestLogger<FileTaskStore>());

    private TaskWorker CreateWorker(ITaskStore store, ITaskExecutor executor) => new(store, executor, _options, _time, "w1");

    /// <summary>Moves the fake clock on a step at a time until <paramref name="done"/> holds (the worker runs between steps).</summary>
    private async Task<bool> AdvanceUntilAsync(Func<bool> done, TimeSpan step)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            _time.Advance(step);
            await Poll.UntilAsync(done, TimeSpan.FromMilliseconds(50));
        }

        return done();
    }

    private async Task<T> AdvanceUntilAsync<T>(Func<Task<T?>> take, TimeSpan step)
        where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (await take() is { } value)
            {
                return value;
            }

            _time.Advance(step);
        }

        throw new AssertionException("never became ready");
    }

    private sealed class StandIn(Func<AgentTask, CancellationToken, Task<string>> run) : ITaskExecutor
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public Task<string> RunAsync(AgentTask task, CancellationToken cancellationToken)
        {
            Seen.Enqueue(task.Description);
            return run(task, cancellationToken);
        }
    }

    private sealed class Observer : ITaskWorkObserver
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Taken(TaskLease lease) => Lines.Enqueue($"taken {lease.Task.Id} {lease.Attempt}");

        public void Completed(AgentTask task) => Lines.Enqueue($"done {task.Id}");

        public void Failed(AgentTask task, string error) => Lines.Enqueue($"failed {task.Id} {error}");

        public void Lost(AgentTask task, string reason) => Lines.Enqueue($"lost {task.Id} {reason}");

        public void StoreFailed(AgentTask task, string reason) => Lines.Enqueue($"store-failed {task.Id} {reason}");
    }

    /// <summary>The files store whose renewals fail while told to, as an unreachable database would.</summary>
    private sealed class FlakyStore(ITaskStore inner) : ITaskStore
    {
        private int _renewalFailures;

        public bool FailRenewals { get; set; }

        public int FailCompletions { get; set; }

        public int RenewalFailures => Volatile.Read(ref _renewalFailures);

        public Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId, CancellationToken cancellationToken) =>
            inner.EnqueueAsync(description, type, parentId, cancellationToken);

        public StoredTask? Get(string id) => inner.Get(id);

        public IReadOnlyList<StoredTask> List() => inner.List();

        public Task<TaskLease?> TryDequeueAsync(string workerId, TimeSpan leaseLength, CancellationToken cancellationToken) =>
            inner.TryDequeueAsync(workerId, leaseLength, cancellationToken);

        public Task<TaskLease> RenewAsync(TaskLease lease, TimeSpan leaseLength, CancellationToken cancellationToken)
        {
            if (FailRenewals)
            {
                Interlocked.Increment(ref _renewalFailures);
                throw new IOException("store unreachable");
            }

            return inner.RenewAsync(lease, leaseLength, cancellationToken);
        }

        public Task<AgentTask> CompleteAsync(TaskLease lease, string result, CancellationToken cancellationToken)
        {
            if (FailCompletions > 0)
            {
                FailCompletions--;
                throw new IOException("store unreachable");
            }

            return inner.CompleteAsync(lease, result, cancellationToken);
        }

        public Task<AgentTask> FailAsync(TaskLease lease, string error, CancellationToken cancellationToken) => inner.FailAsync(lease, error, cancellationToken);
    }
}
