using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

/// <summary><c>agent42 tasks add | list | work</c> in-process, the worker against the local fake OpenRouter.</summary>
public sealed class TasksCommandTests : IAsyncDisposable
{
    private readonly CliRun _cli = new();
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _cli.Dispose();
    }

    private async Task<FakeOpenRouter> StartServerAsync()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        return _server;
    }

    [Test]
    public async Task AddThenList_ShowsTheTasksOldestFirst()
    {
        var first = await _cli.RunAsync("tasks", "add", "write a haiku about compilers", "--type", "content");
        var second = await _cli.RunAsync("tasks", "add", "fix the crash in the parser");

        var list = await _cli.RunAsync("tasks", "list");

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Error);
            Assert.That(first.Out.Trim(), Does.Match("^t-[0-9]{14}-[0-9a-f]{8}$"));
            Assert.That(first.Error, Does.Contain("queued " + first.Out.Trim() + " (content)"));
            Assert.That(second.Error, Does.Contain("(debugging)"), "the type is guessed from the words, as run does");
            Assert.That(list.ExitCode, Is.Zero, list.Error);
            Assert.That(list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
            Assert.That(list.Out.IndexOf(first.Out.Trim(), StringComparison.Ordinal), Is.LessThan(list.Out.IndexOf(second.Out.Trim(), StringComparison.Ordinal)));
            Assert.That(list.Out, Does.Contain("pending").And.Contain("write a haiku about compilers"));
        });
    }

    [Test]
    public async Task ListJson_GivesTheDocumentedFields()
    {
        var id = (await _cli.RunAsync("tasks", "add", "plan the release", "--type", "project_management")).Out.Trim();

        var outcome = await _cli.RunAsync("tasks", "list", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        var task = json.RootElement.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(task.GetProperty("type").GetString(), Is.EqualTo("project_management"));
            Assert.That(task.GetProperty("description").GetString(), Is.EqualTo("plan the release"));
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(task.GetProperty("parent_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("lease_owner").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("lease_until").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("attempts").GetInt32(), Is.Zero);
            Assert.That(task.TryGetProperty("created_at", out _) && task.TryGetProperty("updated_at", out _) && task.TryGetProperty("result", out _) && task.TryGetProperty("error", out _), Is.True);
        });
    }

    [Test]
    public async Task List_WithNoTasks_SaysSo()
    {
        var outcome = await _cli.RunAsync("tasks", "list");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Out, Is.EqualTo("no tasks queued\n"));
        Assert.That((await _cli.RunAsync("tasks", "list", "--json")).Out.Trim(), Is.EqualTo("[]"));
    }

    [TestCase("poetry", "'poetry' is not a task type; use one of coding, debugging")]
    public async Task Add_WithABadType_ExitsTwoAndQueuesNothing(string type, string message)
    {
        var outcome = await _cli.RunAsync("tasks", "add", "x", "--type", type);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain(message));
        Assert.That(File.Exists(_cli.Directory.Combine("data", "tasks.json")), Is.False);
    }

    [Test]
    public async Task Add_WithABlankDescription_ExitsTwo()
    {
        var outcome = await _cli.RunAsync("tasks", "add", "   ");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("the task's description is empty"));
    }

    [Test]
    public async Task WorkOnce_RunsTheOldestTaskThroughTheAgentAndStoresTheAnswer()
    {
        var server = await StartServerAsync();
        var id = (await _cli.RunAsync("tasks", "add", "write a haiku about compilers", "--type", "content")).Out.Trim();
        var next = (await _cli.RunAsync("tasks", "add", "second task", "--type", "content")).Out.Trim();
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Tokens fall like rain"));
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));

        var outcome = await _cli.RunAsync("tasks", "work", "--once");

        using var json = JsonDocument.Parse((await _cli.RunAsync("tasks", "list", "--json")).Out);
        var tasks = json.RootElement.EnumerateArray().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo($"{id} done\n"));
            Assert.That(outcome.Error, Does.Contain($"task {id}: taken (attempt 1").And.Contain("critic: approved").And.Contain("worked 1 task(s)"));
            Assert.That(tasks[0].GetProperty("status").GetString(), Is.EqualTo("done"));
            Assert.That(tasks[0].GetProperty("result").GetString(), Is.EqualTo("Tokens fall like rain"));
            Assert.That(tasks[0].GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(tasks[1].GetProperty("id").GetString(), Is.EqualTo(next));
            Assert.That(tasks[1].GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(File.ReadAllLines(_cli.Directory.Combine("data", "outcomes.jsonl")), Has.Length.EqualTo(1), "the run's outcome is recorded as run records it");
        });
    }

    [Test]
    public async Task WorkDrain_DoesEveryReadyTaskThenExits()
    {
        var server = await StartServerAsync();
        server.DefaultChatAnswer = ScriptedAnswer.Text("APPROVED");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _cli.RunAsync("tasks", "add", $"task {i}", "--type", "content")).Out.Trim());
        }

        var outcome = await _cli.RunAsync("tasks", "work", "--drain");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Out, Is.EqualTo(string.Concat(ids.Select(id => $"{id} done\n"))));
        Assert.That(outcome.Error, Does.Contain("worked 3 task(s)"));
    }

    [Test]
    public async Task WorkOnce_WithNothingQueued_SaysSoAndExitsZero()
    {
        await StartServerAsync();

        var outcome = await _cli.RunAsync("tasks", "work", "--once");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Error, Does.Contain("no task ready"));
        Assert.That(outcome.Out, Is.Empty);
    }

    [Test]
    public async Task Work_WithoutAModel_ExitsTwoAndTakesNoTask()
    {
        var id = (await _cli.RunAsync("tasks", "add", "x", "--type", "coding")).Out.Trim();

        var outcome = await _cli.RunAsync("tasks", "work", "--once");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("error: no model can be called"));
        Assert.That((await _cli.RunAsync("tasks", "list")).Out, Does.Contain(id).And.Contain("pending"));
    }

    [TestCase("0")]
    [TestCase("abc")]
    [TestCase("100000")]
    public async Task Work_WithABadLeaseSetting_ExitsTwoNamingIt(string value)
    {
        await StartServerAsync();
        _cli.Environment["AGENT42_TASK_LEASE_SECONDS"] = value;

        var outcome = await _cli.RunAsync("tasks", "work", "--once");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("error: AGENT42_TASK_LEASE_SECONDS must be"));
    }

    [Test]
    public async Task Work_WithMaxBelowOne_ExitsTwo()
    {
        var outcome = await _cli.RunAsync("tasks", "work", "--max", "0");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--max must be 1 or more"));
    }

    [Test]
    public async Task Add_WhenTheDatabaseIsUnreachable_SaysSoInOneLineAndWritesNoTasksFile()
    {
        _cli.Environment["AGENT42_DATABASE_URL"] = "postgres://agent42:s3cret-pw@127.0.0.1:1/agent42";

        var outcome = await _cli.RunAsync("tasks", "add", "x", "--type", "coding");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.Zero);
            Assert.That(outcome.Error, Does.StartWith("error: database").And.Contain("127.0.0.1"));
            Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(outcome.Error, Does.Not.Contain("s3cret-pw"));
            Assert.That(File.Exists(_cli.Directory.Combine("data", "tasks.json")), Is.False, "no silent fallback to the files store");
        });
    }
}
