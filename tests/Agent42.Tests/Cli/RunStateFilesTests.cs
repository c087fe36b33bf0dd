using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

/// <summary>A finished answer is never thrown away because a state path beside the outcome log is not what it should be.</summary>
public sealed class RunStateFilesTests : IAsyncDisposable
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

    [Test]
    public async Task Run_WithTheReflectionsAFileAndTheRoutingFileADirectory_PrintsTheAnswer_AndNamesBoth()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        _cli.Environment["MODEL_RERANK_EVERY_TASKS"] = "1";
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("42"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        _cli.Directory.Write("data/reflections", "not a folder");
        Directory.CreateDirectory(_cli.Directory.Combine("data", "dynamic_routing.json"));

        var outcome = await _cli.RunAsync("run", "what is six times seven?", "--type", "research");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo("42\n"));
            Assert.That(outcome.Error, Does.Contain("reflections is a regular file, not a directory"));
            Assert.That(outcome.Error, Does.Contain("dynamic_routing.json is a directory, not a regular file"));
            Assert.That(File.ReadAllText(_cli.Directory.Combine("data", "outcomes.jsonl")), Does.Contain("\"task_type\":\"research\""));
        });
    }
}
