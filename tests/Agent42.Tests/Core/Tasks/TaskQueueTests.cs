using System.Text.Json;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tasks;

/// <summary>The queue against a real data directory, with a fake clock.</summary>
[TestFixture]
internal sealed class TaskQueueTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Test]
    public async Task EnqueueAsync_PersistsTheTaskToTasksJsonBeforeReturning()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        var task = await queue.EnqueueAsync("write the report", TaskType.DataAnalysis, parentId: "t-parent");

        using var json = ReadFile(temp.Path);
        var saved = json.RootElement.GetProperty("tasks").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("schema_version").GetInt32(), Is.EqualTo(1));
            Assert.That(saved.GetProperty("id").GetString(), Is.EqualTo(task.Id));
            Assert.That(saved.GetProperty("description").GetString(), Is.EqualTo("write the report"));
            Assert.That(saved.GetProperty("type").GetString(), Is.EqualTo("data_analysis"));
            Assert.That(saved.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(saved.GetProperty("parent_id").GetString(), Is.EqualTo("t-parent"));
            Assert.That(saved.GetProperty("created_at").GetDateTimeOffset(), Is.EqualTo(Start));
            Assert.That(saved.GetProperty("updated_at").GetDateTimeOffset(), Is.EqualTo(Start));
            Assert.That(saved.TryGetProperty("result", out _), Is.False, "null values are not written");
        });
    }

    [Test]
    public async Task EnqueueAsync_WritesSnakeCaseNamesAndWireNamesForEveryTaskType()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        await queue.EnqueueAsync("plan", TaskType.ProjectManagement);

        var text = await File.ReadAllTextAsync(Path.Combine(temp.Path, TaskQueue.FileName));
        Assert.That(text, Does.Contain("\"project_management\"").And.Contain("\"created_at\"").And.Contain("\"schema_version\""));
        Assert.That(text, Does.Not.Contain("ProjectManagement").And.Not.Contain("CreatedAt"));
    }

    [Test]
    public async Task DequeueAsync_ReturnsTasksInFifoOrderAndMarksThemRunning()
    {
        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(Start);
        var queue = CreateSut(temp.Path, time);
        var first = await queue.EnqueueAsync("first", TaskType.Coding);
        var second = await queue.EnqueueAsync("second", TaskType.Research);
        var third = await queue.EnqueueAsync("third", TaskType.Email);
        time.Advance(TimeSpan.FromMinutes(1));

        var taken = new[] { await queue.DequeueAsync(CancellationToken.None), await queue.DequeueAsync(CancellationToken.None), await queue.DequeueAsync(CancellationToken.None) };

        Assert.That(taken.Select(t => t.Id), Is.EqualTo(new[] { first.Id, second.Id, third.Id }));
        Assert.That(taken.Select(t => t.Status), Is.All.EqualTo(AgentTaskStatus.Running));
        Assert.That(taken[0].UpdatedAt, Is.EqualTo(Start.AddMinutes(1)));
        Assert.That(queue.Get(first.Id)!.Status, Is.EqualTo(AgentTaskStatus.Running));
        using var json = ReadFile(temp.Path);
        Assert.That(json.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()), Is.All.EqualTo("running"));
    }

    [Test]
    public async Task DequeueAsync_WhenTheQueueIsEmpty_WaitsUntilCancelled()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);
        using var cancel = new CancellationTokenSource();

        var waiting = queue.DequeueAsync(cancel.Token);
        Assert.That(waiting.IsCompleted, Is.False);
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task DequeueAsync_WhenATaskIsEnqueuedWhileWaiting_ReturnsIt()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        var waiting = queue.DequeueAsync(CancellationToken.None);
        var task = await queue.EnqueueAsync("late", TaskType.Coding);

        Assert.That((await waiting).Id, Is.EqualTo(task.Id));
    }

    [Test]
    public async Task CompleteAsync_RecordsTheResultAndPersistsIt()
    {
        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(Start);
        var queue = CreateSut(temp.Path, time);
        var task = await queue.EnqueueAsync("sum", TaskType.Coding);
        await queue.DequeueAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));

        await queue.CompleteAsync(task.Id, "42");

        var done = queue.Get(task.Id)!;
        Assert.That(done.Status, Is.EqualTo(AgentTaskStatus.Done));
        Assert.That(done.Result, Is.EqualTo("42"));
        Assert.That(done.UpdatedAt, Is.EqualTo(Start.AddSeconds(30)));
        using var json = ReadFile(temp.Path);
        var saved = json.RootElement.GetProperty("tasks")[0];
        Assert.That(saved.GetProperty("status").GetString(), Is.EqualTo("done"));
        Assert.That(saved.GetProperty("result").GetString(), Is.EqualTo("42"));
    }

    [Test]
    public async Task FailAsync_RecordsTheErrorAndPersistsIt()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);
        var task = await queue.EnqueueAsync("sum", TaskType.Coding);
        await queue.DequeueAsync(CancellationToken.None);

        await queue.FailAsync(task.Id, "model unavailable");

        var failed = queue.Get(task.Id)!;
        Assert.That(failed.Status, Is.EqualTo(AgentTaskStatus.Failed));
        Assert.That(failed.Error, Is.EqualTo("model unavailable"));
        using var json = ReadFile(temp.Path);
        var saved = json.RootElement.GetProperty("tasks")[0];
        Assert.That(saved.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(saved.GetProperty("error").GetString(), Is.EqualTo("model unavailable"));
    }

    [Test]
    public void CompleteAsync_WhenTheTaskIsUnknown_ThrowsNamingIt()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        Assert.That(() => queue.CompleteAsync("t-nope", "x"), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contain("t-nope"));
    }

    [Test]
    public void EnqueueAsync_WhenDescriptionIsBlank_Throws()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        Assert.That(() => queue.EnqueueAsync(" ", TaskType.Coding), Throws.ArgumentException);
        Assert.That(File.Exists(Path.Combine(temp.Path, TaskQueue.FileName)), Is.False);
    }

    [Test]
    public async Task Restart_KeepsEveryQueuedTaskAndRequeuesTheOneThatWasRunning()
    {
        using var temp = new TempDirectory();
        var before = CreateSut(temp.Path);
        var running = await before.EnqueueAsync("was running", TaskType.Coding);
        var pending = await before.EnqueueAsync("still pending", TaskType.Research);
        var done = await before.EnqueueAsync("finished", TaskType.Email);
        await before.DequeueAsync(CancellationToken.None);
        await before.DequeueAsync(CancellationToken.None);
        await before.DequeueAsync(CancellationToken.None);
        await before.CompleteAsync(done.Id, "sent");
        await before.FailAsync(pending.Id, "crashed");
        var requeued = await before.EnqueueAsync("queued last", TaskType.Design);

        var after = CreateSut(temp.Path);

        Assert.That(after.List().Select(t => (t.Id, t.Status)), Is.EqualTo(new[]
        {
            (running.Id, AgentTaskStatus.Pending),
            (pending.Id, AgentTaskStatus.Failed),
            (done.Id, AgentTaskStatus.Done),
            (requeued.Id, AgentTaskStatus.Pending),
        }));
        Assert.That(after.Get(done.Id)!.Result, Is.EqualTo("sent"));
        var again = await after.DequeueAsync(CancellationToken.None);
        Assert.That(again.Id, Is.EqualTo(running.Id));
        Assert.That(again.Status, Is.EqualTo(AgentTaskStatus.Running));
        Assert.That((await after.DequeueAsync(CancellationToken.None)).Id, Is.EqualTo(requeued.Id));
    }

    [Test]
    public async Task EnqueueAsync_From50ConcurrentCallers_LosesNothing()
    {
        using var temp = new TempDirectory();
        var queue = CreateSut(temp.Path);

        var tasks = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => queue.EnqueueAsync($"task {i}", TaskType.Coding))));

        var ids = tasks.Select(t => t.Id).ToArray();
        Assert.That(ids, Is.Unique);
        Assert.That(queue.List().Select(t => t.Id), Is.EquivalentTo(ids));
        using var json = ReadFile(temp.Path);
        Assert.That(json.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()), Is.EquivalentTo(ids));
        Assert.That(CreateSut(temp.Path).List(), Has.Count.EqualTo(50));
    }

    [TestCase("garbage, not json")]
    [TestCase("")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"id\":\"t-1\",\"ty")]
    [TestCase("{\"schema_version\":2,\"tasks\":[]}")]
    [TestCase("{\"schema_version\":1}")]
    [TestCase("null")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"id\":\"t-1\",\"type\":\"no_such_type\",\"description\":\"x\",\"status\":\"pending\"}]}")]
    [TestCase("{\"schema_version\":1,\"tasks\":[null]}")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"type\":\"coding\",\"description\":\"no id\",\"status\":\"pending\"}]}")]
    public async Task Constructor_WhenTasksJsonIsCorrupt_MovesItAsideWarnsAndStartsEmpty(string content)
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, TaskQueue.FileName);
        await File.WriteAllTextAsync(path, content);
        var logger = new TestLogger<TaskQueue>();

        var queue = new TaskQueue(temp.Path, new FakeTimeProvider(Start), logger);

        var kept = Path.Combine(temp.Path, "tasks.json.corrupt-20250304T050607890");
        Assert.That(File.Exists(kept), Is.True, "the corrupt file was not kept");
        Assert.That(await File.ReadAllTextAsync(kept), Is.EqualTo(content));
        Assert.That(File.Exists(path), Is.False);
        Assert.That(logger.Messages(LogLevel.Warning).ToArray(), Has.Length.EqualTo(1)
            .And.Some.Contain(path).And.Some.Contain(kept));
        Assert.That(queue.List(), Is.Empty);

        var task = await queue.EnqueueAsync("after recovery", TaskType.Coding);
        Assert.That((await queue.DequeueAsync(CancellationToken.None)).Id, Is.EqualTo(task.Id));
        Assert.That(CreateSut(temp.Path).List().Select(t => t.Id), Is.EqualTo(new[] { task.Id }));
    }

    [Test]
    public async Task Constructor_WhenTasksJsonIsValid_LogsNoWarning()
    {
        using var temp = new TempDirectory();
        await CreateSut(temp.Path).EnqueueAsync("x", TaskType.Coding);
        var logger = new TestLogger<TaskQueue>();

        _ = new TaskQueue(temp.Path, new FakeTimeProvider(Start), logger);

        Assert.That(logger.Messages(LogLevel.Warning), Is.Empty);
        Assert.That(Directory.GetFiles(temp.Path), Is.EqualTo(new[] { Path.Combine(temp.Path, TaskQueue.FileName) }));
    }

    private static TaskQueue CreateSut(string dataDirectory, TimeProvider? time = null) =>
        new(dataDirectory, time ?? new FakeTimeProvider(Start), new TestLogger<TaskQueue>());

    private static JsonDocument ReadFile(string dataDirectory) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataDirectory, TaskQueue.FileName)));
}
