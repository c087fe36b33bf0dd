using System.Text.Json;
using System.Text.RegularExpressions;
using Agent42.Core.Models.Quota;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>Real agent42 processes: the answer on a pipe exactly as written, the summary line, and the shared free-request count.</summary>
public sealed class TaskSummaryProcessTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    private long StoredRequests()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(_directory.Combine("data", FreeRequestCounter.FileName)));
        return json.RootElement.GetProperty("requests").GetInt64();
    }

    [Test]
    public async Task Run_IntoAPipe_PrintsTheModelsTextByteForByte_AndTheSummaryOnStderr()
    {
        const string Answer = "# Title\n\n- **bold** `code` [red]x[/] \u001b[31mred\u001b[0m\n\ttabbed  \n\n```\nkept  \n```\n";
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text(Answer));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await Agent42Process.RunAsync(_directory.Path, new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }, null, "run", "write the notes", "--type", "content");

        var summary = Regex.Match(outcome.Error,
            @"done: approved \(approved\) after 1 iteration\(s\) with (?<model>or-free-[a-z0-9-]+), 0 tool call\(s\), (?<tokens>\d+) tokens, \d+\.\d s, " +
            @"(?<requests>\d+) requests?, (?<today>\d+) of 50 free today by Agent42's count; outcome recorded");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo(Answer));
            Assert.That(summary.Success, Is.True, outcome.Error);
            Assert.That(summary.Groups["today"].Value, Is.EqualTo(summary.Groups["requests"].Value), "the first run of the day");
            Assert.That(StoredRequests(), Is.EqualTo(long.Parse(summary.Groups["requests"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task ARunThatFails_StillCountsEveryRequestItSent_AsOpenRouterDoes()
    {
        // OpenRouter counts every request to a free model, answered or not; the count once came from a finished run's
        // result, so a run whose every model failed added nothing.
        _server = await FakeOpenRouter.StartAsync();
        _server.DefaultChatAnswer = ScriptedAnswer.Error(500, "upstream exploded");

        var outcome = await Agent42Process.RunAsync(_directory.Path, new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }, null, "run", "write the notes", "--type", "content");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.Zero, outcome.Error);
            Assert.That(_server.ChatRequests, Is.Not.Empty);
            Assert.That(StoredRequests(), Is.EqualTo(_server.ChatRequests.Count));
        });
    }

    [Test]
    public async Task ARunWithJsonOutput_CountsItsRequests()
    {
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("the notes"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await Agent42Process.RunAsync(_directory.Path, new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }, null, "run", "write the notes", "--type", "content", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(StoredRequests(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Run_WithABadDailyLimit_StopsAtStartUp_NamingTheSetting()
    {
        var outcome = await Agent42Process.RunAsync(_directory.Path, new Dictionary<string, string?> { ["OPENROUTER_FREE_DAILY_LIMIT"] = "0" },
            null, "run", "anything");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2), outcome.Error);
            Assert.That(outcome.Error, Does.Contain("OPENROUTER_FREE_DAILY_LIMIT must be between 1 and 1000000"));
        });
    }

    [Test]
    public async Task TheFreeRequestCount_TwoProcessesAddingAtOnce_LoseNoCounts()
    {
        const int Adds = 150;
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            [StartupHook.QuotaAddsVariable] = Adds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StartupHook.QuotaDataVariable] = _directory.Combine("data"),
        };

        var outcomes = await Task.WhenAll(
            Agent42Process.RunAsync(_directory.Path, environment, null, "--help"),
            Agent42Process.RunAsync(_directory.Path, environment, null, "--help"));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.ExitCode), Is.All.Zero, string.Join("\n", outcomes.Select(o => o.Error)));
            Assert.That(StoredRequests(), Is.EqualTo(2 * Adds));
        });
    }
}
