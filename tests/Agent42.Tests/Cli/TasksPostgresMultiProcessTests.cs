using Agent42.Core.Database;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// Real agent42 processes with separate data directories sharing one PostgreSQL database (issue 12 §2): one queue for
/// all, each task worked exactly once. Skipped without AGENT42_TEST_DATABASE_URL.
/// </summary>
[TestFixture]
public sealed class TasksPostgresMultiProcessTests : IAsyncDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _machineA = new();
    private readonly TempDirectory _machineB = new();
    private PostgresTestDatabase? _test;
    private Agent42Database? _database;
    private FakeOpenRouter? _server;

    [SetUp]
    public async Task StartAsync()
    {
        _test = await PostgresTestDatabase.CreateAsync();
        _database = _test.Open();
        _server = await FakeOpenRouter.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_test is not null)
        {
            await _test.DisposeAsync();
        }

        _machineA.Dispose();
        _machineB.Dispose();
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["AGENT42_DATABASE_URL"] = _test!.Url,
        ["OPENROUTER_BASE_URL"] = _server!.BaseUrl,
        ["OPENROUTER_API_KEY"] = "sk-test",
    };

    private PostgresTaskStore Store() => new(_database!, TimeProvider.System);

    [Test]
    public async Task TwoMachinesQueuingInTurn_ShareOneQueue_AndWriteNoTasksFile()
    {
        var env = Environment();

        foreach (var (machine, text) in new[] { (_machineA, "A1"), (_machineB, "B1"), (_machineA, "A2") })
        {
            var added = await Agent42Process.RunAsync(machine.Path, env, Long, "tasks", "add", text, "--type", "coding");
            Assert.That(added.ExitCode, Is.Zero, added.Error);
        }

        var listA = await Agent42Process.RunAsync(_machineA.Path, env, Long, "tasks", "list");
        var listB = await Agent42Process.RunAsync(_machineB.Path, env, Long, "tasks", "list");
        Assert.Multiple(() =>
        {
            Assert.That(Store().List().Select(t => t.Task.Description), Is.EqualTo(new[] { "A1", "B1", "A2" }));
            Assert.That(listA.Out, Is.EqualTo(listB.Out));
            Assert.That(listA.Out, Does.Contain("A1").And.Contain("B1").And.Contain("A2"));
            Assert.That(File.Exists(Path.Combine(_machineA.Path, "data", FileTaskStore.FileName)), Is.False, "the files store is not used beside the database");
        });
    }

    [Test]
    public async Task TwoWorkersOnSeparateDataDirectories_DoEachOfAHundredTasksExactlyOnce()
    {
        const int Tasks = 100;
        var env = Environment();
        _server!.DefaultChatAnswer = ScriptedAnswer.Text("APPROVED\nSCORE: 0.9");
        var store = Store();
        var ids = new List<string>();
        for (var i = 0; i < Tasks; i++)
        {
            ids.Add((await store.EnqueueAsync($"task {i}", TaskType.Content, null, CancellationToken.None)).Id);
        }

        var workers = await Task.WhenAll(new[] { _machineA, _machineB }.Select(machine =>
            Agent42Process.RunAsync(machine.Path, env, Long, "tasks", "work", "--drain")));

        foreach (var worker in workers)
        {
            Assert.That(worker.ExitCode, Is.Zero, worker.Error);
        }

        var done = workers.SelectMany(w => w.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var stored = store.List();
        Assert.Multiple(() =>
        {
            Assert.That(done, Is.EquivalentTo(ids.Select(id => $"{id} done")), "each task reported done by exactly one worker");
            Assert.That(stored.Select(t => t.Task.Status), Is.All.EqualTo(AgentTaskStatus.Done));
            Assert.That(stored.Select(t => t.Attempts), Is.All.EqualTo(1), "no task was taken twice");
            Assert.That(_server.ChatRequests, Has.Count.EqualTo(2 * Tasks), "one primary and one critic call per task, no more");
        });
    }

    [Test]
    public async Task AWorkerKilledMidTask_LeavesItToAWorkerOnAnotherMachineAfterTheLease()
    {
        var env = Environment();
        env["AGENT42_TASK_LEASE_SECONDS"] = "2";
        env["AGENT42_TASK_POLL_SECONDS"] = "1";
        var task = await Store().EnqueueAsync("survive a crash", TaskType.Content, null, CancellationToken.None);
        _server!.ChatAnswers.Enqueue(new ScriptedAnswer(200, string.Empty, Hang: true));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("the answer"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        using (var doomed = System.Diagnostics.Process.Start(Agent42Process.StartInfo(_machineA.Path, env, "tasks", "work", "--once"))!)
        {
            Assert.That(await Poll.UntilAsync(() => !_server.ChatRequests.IsEmpty, Long), Is.True, "the worker never called the model");
            Assert.That(Store().Get(task.Id)!.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        var next = await Agent42Process.RunAsync(_machineB.Path, env, Long, "tasks", "work", "--max", "1");

        var stored = Store().Get(task.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(next.ExitCode, Is.Zero, next.Error);
            Assert.That(next.Out, Is.EqualTo($"{task.Id} done\n"));
            Assert.That(stored.Task.Result, Is.EqualTo("the answer"));
            Assert.That(stored.Attempts, Is.EqualTo(2));
        });
    }
}
