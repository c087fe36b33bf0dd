using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

public sealed class RunCommandTests : IAsyncDisposable
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
    public async Task Run_ThroughTheRealHttpPath_PrintsTheAnswerOnStdout_AndProgressOnStderr()
    {
        var server = await StartServerAsync();
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Tokens fall like rain\nparsers weave a patient tree\nbinaries wake"));
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));

        var outcome = await _cli.RunAsync("run", "write a haiku about compilers", "--type", "content");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo("Tokens fall like rain\nparsers weave a patient tree\nbinaries wake\n"));
            Assert.That(outcome.Error, Does.Match("primary: or-free-[a-z0-9-]+ \\(built-in default: free, supports tools, largest context first"));
            Assert.That(outcome.Error, Does.Contain("critic: approved, score 0.90"));
            Assert.That(outcome.Error, Does.Contain("done: approved (approved) after 1 iteration(s)"));
            Assert.That(File.ReadAllLines(_cli.Directory.Combine("data", "outcomes.jsonl")), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task RunJson_GivesOneResultObject()
    {
        var server = await StartServerAsync();
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("42"));
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunAsync("run", "what is six times seven?", "--type", "research", "--json", "--model", "openai/gpt-oss-120b:free");

        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("answer").GetString(), Is.EqualTo("42"));
            Assert.That(json.RootElement.GetProperty("model_key").GetString(), Is.EqualTo("or-free-gpt-oss-120b"));
            Assert.That(json.RootElement.GetProperty("task_type").GetString(), Is.EqualTo("research"));
            Assert.That(json.RootElement.GetProperty("success").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Run_WithoutAKeyOrBaseUrl_SaysWhatToSet_AndExitsTwo()
    {
        var outcome = await _cli.RunAsync("run", "write a haiku about compilers");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Does.StartWith("error: no model can be called: set OPENROUTER_API_KEY"));
            Assert.That(outcome.Error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Run_WithAnUnknownType_ExitsTwoListingTheTypes()
    {
        var outcome = await _cli.RunAsync("run", "x", "--type", "poetry");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Does.Contain("'poetry' is not a task type; use one of coding, debugging"));
        });
    }
}
