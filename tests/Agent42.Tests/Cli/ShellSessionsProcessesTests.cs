using System.Diagnostics;
using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// Saved sessions with two real <c>agent42</c> shells on one data directory at once, their tasks typed on standard
/// input. The fake OpenRouter approves every call, so each task is one turn.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class ShellSessionsProcessesTests : IAsyncDisposable
{
    private const int TasksEach = 3;
    private readonly TempDirectory _work = new();
    private FakeOpenRouter? _server;

    private string SessionsFolder => _work.Combine("data", "sessions");

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _work.Dispose();
    }

    private async Task<Dictionary<string, string?>> ServerAsync()
    {
        _server = await FakeOpenRouter.StartAsync();
        _server.DefaultChatAnswer = ScriptedAnswer.Text("APPROVED\nSCORE: 0.9");
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        };
    }

    /// <summary>Runs a shell process with <paramref name="input"/> typed on its standard input, to its end.</summary>
    private async Task<CliProcessOutcome> ShellAsync(IReadOnlyDictionary<string, string?> environment, string input, params string[] args)
    {
        using var process = Process.Start(Agent42Process.StartInfo(_work.Path, environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new CliProcessOutcome(process.HasExited ? process.ExitCode : -1, await stdout, await stderr);
    }

    private static string Tasks(string shell) =>
        string.Concat(Enumerable.Range(1, TasksEach).Select(i => $"research: {shell} task {i}\n"));

    private List<(string Id, string[] Tasks)> Sessions() => Directory.GetFiles(SessionsFolder, "*.json").Select(path =>
    {
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        return (root.GetProperty("id").GetString()!, root.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("task").GetString()!).ToArray());
    }).ToList();

    [Test]
    public async Task TwoShellsAtOnce_EachKeepASessionOfTheirOwn_Whole()
    {
        var environment = await ServerAsync();

        var outcomes = await Task.WhenAll(ShellAsync(environment, Tasks("A")), ShellAsync(environment, Tasks("B")));

        var sessions = Sessions();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.ExitCode), Has.All.Zero, string.Join("\n---\n", outcomes.Select(o => o.Out + o.Error)));
            Assert.That(sessions, Has.Count.EqualTo(2));
            Assert.That(sessions.Select(s => s.Tasks).OrderBy(t => t[0], StringComparer.Ordinal),
                Is.EqualTo(new[] { Enumerable.Range(1, TasksEach).Select(i => $"A task {i}"), Enumerable.Range(1, TasksEach).Select(i => $"B task {i}") }));
        });
    }

    [Test]
    public async Task TwoShellsThatResumedOneSession_BothKeepTheirTurns()
    {
        var environment = await ServerAsync();
        var seeded = await ShellAsync(environment, "research: seed task\n");
        Assert.That(seeded.ExitCode, Is.Zero, seeded.Error);
        var id = Sessions().Single().Id;

        var outcomes = await Task.WhenAll(ShellAsync(environment, Tasks("A"), "--resume"), ShellAsync(environment, Tasks("B"), "--resume", id));

        var session = Sessions().Single();
        var a = session.Tasks.Where(t => t.StartsWith('A')).ToArray();
        var b = session.Tasks.Where(t => t.StartsWith('B')).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.ExitCode), Has.All.Zero, string.Join("\n---\n", outcomes.Select(o => o.Out + o.Error)));
            Assert.That(outcomes.Select(o => o.Out), Has.All.Contain($"Resumed session {id} (1 turn)."));
            Assert.That(session.Id, Is.EqualTo(id));
            Assert.That(session.Tasks[0], Is.EqualTo("seed task"));
            Assert.That(session.Tasks, Has.Length.EqualTo(1 + (2 * TasksEach)), "no turn of either shell lost");
            Assert.That(a, Is.EqualTo(Enumerable.Range(1, TasksEach).Select(i => $"A task {i}")), "each shell's turns in its order");
            Assert.That(b, Is.EqualTo(Enumerable.Range(1, TasksEach).Select(i => $"B task {i}")));
        });
    }
}
