using Agent42.Core.Tasks;
using Agent42.Sdk;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tasks;

/// <summary>
/// What every <see cref="ITaskStore"/> promises, run against each implementation (files on a real temp directory,
/// PostgreSQL on a fresh database). Each store instance a test makes stands for one process on the shared store.
/// </summary>
internal abstract class TaskStoreContract
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>A store on the shared state of this test: a second call is a second process on the same store.</summary>
    protected abstract ITaskStore CreateStore(TimeProvider time);

    protected ITaskStore CreateStore() => CreateStore(Time);

    [Test]
    public async Task Enqueue_ThenGetAndList_GiveTheTasksInQueueOrder()
    {
        var store = CreateStore();
        var first = await store.EnqueueAsync("first", TaskType.Coding, null, CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await store.EnqueueAsync("second", TaskType.Research, "t-parent", CancellationToken.None);
        var third = await store.EnqueueAsync("third", TaskType.DataAnalysis, null, CancellationToken.None);

        var other = CreateStore();
        Assert.Multiple(() =>
        {
            Assert.That(other.List().Select(t => t.Task.Id), Is.EqualTo(new[] { first.Id, second.Id, third.Id }));
            Assert.That(other.Get(second.Id)!.Task, Is.EqualTo(second));
            Assert.That(second.ParentId, Is.EqualTo("t-parent"));
            Assert.That(second.Status, Is.EqualTo(AgentTaskStatus.Pending));
            Assert.That(second.CreatedAt, Is.EqualTo(Start.AddSeconds(1)));
            Assert.That(other.Get(second.Id)!.Attempts, Is.Zero);
            Assert.That(other.Get(second.Id)!.LeaseOwner, Is.Null);
            Assert.That(other.Get("t-none"), Is.Null);
        });
    }

    [Test]
    public async Task Enqueue_FromTwoStoresInterleaved_LosesNoTask()
    {
        // The reproduction: the shell queues A1, another process queues B1, the shell queues A2.
        var shell = CreateStore();
        var other = CreateStore();
        _ = shell.List();

        var a1 = await shell.EnqueueAsync("A1", TaskType.Coding, null, CancellationToken.None);
        var b1 = await other.EnqueueAsync("B1", TaskType.Coding, null, CancellationToken.None);
        var a2 = await shell.EnqueueAsync("A2", TaskType.Coding, null, CancellationToken.None);

        Assert.That(CreateStore().List().Select(t => t.Task.Description), Is.EqualTo(new[] { "A1", "B1", "A2" }));
        Assert.That(shell.List().Select(t => t.Task.Id), Is.EqualTo(new[] { a1.Id, b1.Id, a2.Id }));
    }

    [Test]
    public async Task Dequeue_TakesTheOldestPendingAndHoldsItForTheWorker()
    {
        var store = CreateStore();
        var first = await store.EnqueueAsync("first", TaskType.Coding, null, CancellationToken.None);
        var second = await store.EnqueueAsync("second", TaskType.Coding, null, CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(10));

        var lease = await store.TryDequeueAsync("w1", Lease, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(lease!.Task.Id, Is.EqualTo(first.Id));
            Assert.That(lease.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            Assert.That(lease.WorkerId, Is.EqualTo("w1"));
            Assert.That(lease.Attempt, Is.EqualTo(1));
            Assert.That(lease.Until, Is.EqualTo(Start.AddSeconds(10) + Lease));
            var stored = CreateStore().Get(first.Id)!;
            Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            Assert.That(stored.Task.UpdatedAt, Is.EqualTo(Start.AddSeconds(10)));
            Assert.That(stored.LeaseOwner, Is.EqualTo("w1"));
            Assert.That(stored.LeaseUntil, Is.EqualTo(Start.AddSeconds(10) + Lease));
            Assert.That(stored.Attempts, Is.EqualTo(1));
            Assert.That(CreateStore().Get(second.Id)!.Task.Status, Is.EqualTo(AgentTaskStatus.Pending));
        });
    }

    [Test]
    public async Task Dequeue_WhenNothingIsReady_GivesNull()
    {
        var store = CreateStore();
        Assert.That(await store.TryDequeueAsync("w1", Lease, CancellationToken.None), Is.Null);

        await store.EnqueueAsync("only", TaskType.Coding, null, CancellationToken.None);
        Assert.That(await store.TryDequeueAsync("w1", Lease, CancellationToken.None), Is.Not.Null);
        Assert.That(await CreateStore().TryDequeueAsync("w2", Lease, CancellationToken.None), Is.Null, "a task under a live lease is not ready");
    }

    [Test]
    public async Task Dequeue_FromManyWorkersAtOnce_GivesEachTaskExactlyOnce()
    {
        const int Tasks = 40;
        var setup = CreateStore();
        for (var i = 0; i < Tasks; i++)
        {
            await setup.EnqueueAsync($"task {i}", TaskType.Coding, null, CancellationToken.None);
        }

        var workers = Enumerable.Range(0, 4).Select(w => (Id: $"w{w}", Store: CreateStore())).ToArray();
        var taken = await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            var mine = new List<TaskLease>();
            while (await worker.Store.TryDequeueAsync(worker.Id, Lease, CancellationToken.None) is { } lease)
            {
                mine.Add(lease);
            }

            return mine;
        })));

        var all = taken.SelectMany(t => t).ToArray();
        Assert.That(all.Select(l => l.Task.Id), Is.Unique);
        Assert.That(all, Has.Length.EqualTo(Tasks));
        Assert.That(CreateStore().List().Select(t => t.Task.Status), Is.All.EqualTo(AgentTaskStatus.Running));
    }

    [Test]
    public async Task Dequeue_AfterTheLeaseRanOut_TakesTheTaskAgainWithTheNextAttempt()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("slow", TaskType.Coding, null, CancellationToken.None);
        var later = await store.EnqueueAsync("later", TaskType.Coding, null, CancellationToken.None);
        await store.TryDequeueAsync("dead", Lease, CancellationToken.None);

        Time.Advance(Lease - TimeSpan.FromSeconds(1));
        var before = await CreateStore().TryDequeueAsync("w2", Lease, CancellationToken.None);
        Assert.That(before!.Task.Id, Is.EqualTo(later.Id), "the first task's lease had not run out yet");

        Time.Advance(TimeSpan.FromSeconds(1));
        var again = await CreateStore().TryDequeueAsync("w3", Lease, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(again!.Task.Id, Is.EqualTo(task.Id));
            Assert.That(again.WorkerId, Is.EqualTo("w3"));
            Assert.That(again.Attempt, Is.EqualTo(2));
            Assert.That(CreateStore().Get(task.Id)!.LeaseOwner, Is.EqualTo("w3"));
        });
    }

    [Test]
    public async Task Renew_MovesTheLeaseOn_SoTheTaskIsNotTakenAgain()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("long", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;

        Time.Advance(Lease - TimeSpan.FromSeconds(1));
        var renewed = await store.RenewAsync(lease, Lease, CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(renewed.Until, Is.EqualTo(Time.GetUtcNow() - TimeSpan.FromSeconds(2) + Lease));
        Assert.That(await CreateStore().TryDequeueAsync("w2", Lease, CancellationToken.None), Is.Null);
        Assert.That(CreateStore().Get(task.Id)!.LeaseUntil, Is.EqualTo(renewed.Until));
    }

    [Test]
    public async Task Complete_ByTheHolder_StoresTheResultAndDropsTheLease()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("sum", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        Time.Advance(TimeSpan.FromSeconds(30));

        var done = await store.CompleteAsync(lease, "42", CancellationToken.None);

        var stored = CreateStore().Get(task.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(done.Status, Is.EqualTo(AgentTaskStatus.Done));
            Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Done));
            Assert.That(stored.Task.Result, Is.EqualTo("42"));
            Assert.That(stored.Task.UpdatedAt, Is.EqualTo(Start.AddSeconds(30)));
            Assert.That(stored.LeaseOwner, Is.Null);
            Assert.That(stored.LeaseUntil, Is.Null);
            Assert.That(stored.Attempts, Is.EqualTo(1));
        });
        Time.Advance(Lease * 2);
        Assert.That(await CreateStore().TryDequeueAsync("w2", Lease, CancellationToken.None), Is.Null, "a done task is never taken again");
    }

    [Test]
    public async Task Fail_ByTheHolder_StoresTheError()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("sum", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;

        await store.FailAsync(lease, "model unavailable", CancellationToken.None);

        var stored = CreateStore().Get(task.Id)!;
        Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Failed));
        Assert.That(stored.Task.Error, Is.EqualTo("model unavailable"));
        Assert.That(stored.LeaseOwner, Is.Null);
    }

    [Test]
    public async Task Complete_AfterTheLeaseRanOutButNobodyTookIt_IsStillAccepted()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("slow", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        Time.Advance(Lease * 2);

        await store.CompleteAsync(lease, "late but whole", CancellationToken.None);

        Assert.That(CreateStore().Get(task.Id)!.Task.Result, Is.EqualTo("late but whole"));
    }

    [Test]
    public async Task Complete_ByAStaleWorkerAfterAnotherTookTheTask_IsRefusedAndChangesNothing()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("contested", TaskType.Coding, null, CancellationToken.None);
        var stale = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var fresh = (await CreateStore().TryDequeueAsync("w2", Lease, CancellationToken.None))!;

        Assert.That(() => store.CompleteAsync(stale, "stale answer", CancellationToken.None),
            Throws.InstanceOf<TaskLeaseLostException>().With.Message.Contain(task.Id).And.Message.Contain("w2"));
        Assert.That(() => store.FailAsync(stale, "stale error", CancellationToken.None), Throws.InstanceOf<TaskLeaseLostException>());
        Assert.That(() => store.RenewAsync(stale, Lease, CancellationToken.None), Throws.InstanceOf<TaskLeaseLostException>());

        var stored = CreateStore().Get(task.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            Assert.That(stored.Task.Result, Is.Null);
            Assert.That(stored.LeaseOwner, Is.EqualTo("w2"));
            Assert.That(stored.LeaseUntil, Is.EqualTo(fresh.Until));
        });
        await CreateStore().CompleteAsync(fresh, "fresh answer", CancellationToken.None);
        Assert.That(CreateStore().Get(task.Id)!.Task.Result, Is.EqualTo("fresh answer"));
    }

    [Test]
    public async Task Complete_ByTheSameWorkerIdOnAnEarlierAttempt_IsRefused()
    {
        // A restarted worker may reuse an id; the attempt number still tells its old hold from its new one.
        var store = CreateStore();
        var task = await store.EnqueueAsync("retaken", TaskType.Coding, null, CancellationToken.None);
        var first = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;

        Assert.That(() => store.CompleteAsync(first, "old", CancellationToken.None), Throws.InstanceOf<TaskLeaseLostException>());
        await store.CompleteAsync(second, "new", CancellationToken.None);
        Assert.That(store.Get(task.Id)!.Task.Result, Is.EqualTo("new"));
    }

    [Test]
    public async Task Complete_Twice_IsRefusedTheSecondTime()
    {
        var store = CreateStore();
        var task = await store.EnqueueAsync("once", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        await store.CompleteAsync(lease, "first", CancellationToken.None);

        Assert.That(() => store.FailAsync(lease, "second", CancellationToken.None),
            Throws.InstanceOf<TaskLeaseLostException>().With.Message.Contain("already done"));
        Assert.That(store.Get(task.Id)!.Task.Result, Is.EqualTo("first"));
    }

    [Test]
    public void CompleteFailRenew_OfAnUnknownTask_ThrowNamingIt()
    {
        var store = CreateStore();
        var ghost = new TaskLease(new AgentTask("t-ghost", TaskType.Coding, "x", AgentTaskStatus.Running, Start, Start), "w1", 1, Start + Lease);

        Assert.That(() => store.CompleteAsync(ghost, "x", CancellationToken.None), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contain("t-ghost"));
        Assert.That(() => store.FailAsync(ghost, "x", CancellationToken.None), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contain("t-ghost"));
        Assert.That(() => store.RenewAsync(ghost, Lease, CancellationToken.None), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contain("t-ghost"));
        Assert.That(store.List(), Is.Empty);
    }

    [Test]
    public void Enqueue_WithABlankDescription_IsRefused()
    {
        var store = CreateStore();

        Assert.That(() => store.EnqueueAsync(" ", TaskType.Coding, null, CancellationToken.None), Throws.ArgumentException);
        Assert.That(store.List(), Is.Empty);
    }

    [Test]
    public void Enqueue_WithANulCharacter_IsRefused()
    {
        var store = CreateStore();

        Assert.That(() => store.EnqueueAsync("a\0b", TaskType.Coding, null, CancellationToken.None), Throws.ArgumentException.With.Message.Contain("NUL"));
        Assert.That(store.List(), Is.Empty);
    }

    [Test]
    public async Task Complete_WithANulCharacterInTheResult_KeepsTheRest()
    {
        // A model's answer may hold anything; refusing it would leave the task to be run again and again.
        var store = CreateStore();
        var task = await store.EnqueueAsync("x", TaskType.Coding, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;

        await store.CompleteAsync(lease, "before\0after", CancellationToken.None);

        Assert.That(CreateStore().Get(task.Id)!.Task.Result, Is.EqualTo("before\uFFFDafter"));
    }

    [Test]
    public async Task Enqueue_KeepsTextExactly()
    {
        var store = CreateStore();
        const string Text = "quote \" backslash \\ newline \n tab \t unicode ✓ 🤖 and a NUL-free end";

        var task = await store.EnqueueAsync(Text, TaskType.Content, null, CancellationToken.None);
        var lease = (await store.TryDequeueAsync("w1", Lease, CancellationToken.None))!;
        await store.CompleteAsync(lease, Text, CancellationToken.None);

        Assert.That(CreateStore().Get(task.Id)!.Task.Description, Is.EqualTo(Text));
        Assert.That(CreateStore().Get(task.Id)!.Task.Result, Is.EqualTo(Text));
    }
}
