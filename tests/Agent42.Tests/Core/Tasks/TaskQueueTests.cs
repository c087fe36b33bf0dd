using System.Text.Json;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tasks;

/// <summary>The queue tools see, on the files store in a real data directory, with a fake clock.</summary>
[TestFixture]
internal sealed class TaskQueueTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Test]
    public async Task EnqueueAsync_PersistsTheTaskToTasksJsonBeforeReturning()
    {
        var queue = CreateSut();

        var task = await queue.EnqueueAsync("write the report", TaskType.DataAnalysis, parentId: "t-parent");

        using var json = ReadFile();
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
            Assert.That(saved.TryGetProperty("lease_owner", out _), Is.False, "null values are not written");
        });
    }

    [Test]
    public async Task EnqueueAsync_WritesSnakeCaseNamesAndWireNamesForEveryTaskType()
    {
        var queue = CreateSut();

        await queue.EnqueueAsync("plan", TaskType.ProjectManagement);

        var text = await File.ReadAllTextAsync(Path.Combine(_temp.Path, FileTaskStore.FileName));
        Assert.That(text, Does.Contain("\"project_management\"").And.Contain("\"created_at\"").And.Contain("\"schema_version\""));
        Assert.That(text, Does.Not.Contain("ProjectManagement").And.Not.Contain("CreatedAt"));
    }

    [Test]
    public async Task GetAndList_SeeWhatAWorkerDidThroughTheStore()
    {
        var queue = CreateSut();
        var task = await queue.EnqueueAsync("sum", TaskType.Coding);
        var store = new FileTaskStore(_temp.Path, new FakeTimeProvider(Start), new TestLogger<FileTaskStore>());
        var lease = (await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        await store.CompleteAsync(lease, "42", CancellationToken.None);

        Assert.That(queue.Get(task.Id)!.Result, Is.EqualTo("42"));
        Assert.That(queue.List().Single().Status, Is.EqualTo(AgentTaskStatus.Done));
        Assert.That(queue.Get("t-nope"), Is.Null);
    }

    [Test]
    public void EnqueueAsync_WhenDescriptionIsBlank_Throws()
    {
        var queue = CreateSut();

        Assert.That(() => queue.EnqueueAsync(" ", TaskType.Coding), Throws.ArgumentException);
        Assert.That(File.Exists(Path.Combine(_temp.Path, FileTaskStore.FileName)), Is.False);
    }

    [Test]
    public async Task Restart_KeepsEveryTask_AndTheOneAPreviousVersionLeftRunningIsTakenFirst()
    {
        // A file written before leases existed: a running task with no lease belongs to no live worker.
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, FileTaskStore.FileName), """
            {"schema_version":1,"tasks":[
              {"id":"t-run","type":"coding","description":"was running","status":"running","created_at":"2025-03-04T05:06:07.89+00:00","updated_at":"2025-03-04T05:06:07.89+00:00"},
              {"id":"t-fail","type":"research","description":"crashed","status":"failed","created_at":"2025-03-04T05:06:07.89+00:00","updated_at":"2025-03-04T05:06:07.89+00:00","error":"crashed"},
              {"id":"t-done","type":"email","description":"finished","status":"done","created_at":"2025-03-04T05:06:07.89+00:00","updated_at":"2025-03-04T05:06:07.89+00:00","result":"sent"},
              {"id":"t-new","type":"design","description":"queued last","status":"pending","created_at":"2025-03-04T05:06:07.89+00:00","updated_at":"2025-03-04T05:06:07.89+00:00"}]}
            """);
        var queue = CreateSut();
        var store = new FileTaskStore(_temp.Path, new FakeTimeProvider(Start), new TestLogger<FileTaskStore>());

        Assert.That(queue.List().Select(t => (t.Id, t.Status)), Is.EqualTo(new[]
        {
            ("t-run", AgentTaskStatus.Running), ("t-fail", AgentTaskStatus.Failed), ("t-done", AgentTaskStatus.Done), ("t-new", AgentTaskStatus.Pending),
        }));
        Assert.That(queue.Get("t-done")!.Result, Is.EqualTo("sent"));
        Assert.That((await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(5), CancellationToken.None))!.Task.Id, Is.EqualTo("t-run"));
        Assert.That((await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(5), CancellationToken.None))!.Task.Id, Is.EqualTo("t-new"));
        Assert.That(await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(5), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task EnqueueAsync_From50ConcurrentCallers_LosesNothing()
    {
        var queue = CreateSut();

        var tasks = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => queue.EnqueueAsync($"task {i}", TaskType.Coding))));

        var ids = tasks.Select(t => t.Id).ToArray();
        Assert.That(ids, Is.Unique);
        Assert.That(queue.List().Select(t => t.Id), Is.EquivalentTo(ids));
        using var json = ReadFile();
        Assert.That(json.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()), Is.EquivalentTo(ids));
        Assert.That(CreateSut().List(), Has.Count.EqualTo(50));
    }

    [Test]
    public async Task EnqueueAsync_From50CallersOnSeparateQueues_LosesNothing()
    {
        // Each queue stands for a process of its own: none may write from its own stale copy.
        var tasks = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => CreateSut().EnqueueAsync($"task {i}", TaskType.Coding))));

        Assert.That(CreateSut().List().Select(t => t.Id), Is.EquivalentTo(tasks.Select(t => t.Id)));
    }

    private TaskQueue CreateSut() =>
        new(new FileTaskStore(_temp.Path, new FakeTimeProvider(Start), new TestLogger<FileTaskStore>()), new TestLogger<TaskQueue>());

    private JsonDocument ReadFile() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_temp.Path, FileTaskStore.FileName)));
}
