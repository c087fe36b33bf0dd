using System.Diagnostics;
using Agent42.Core.Outcomes;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// The outcome log with several real <c>agent42</c> processes on one data directory, and what crashes and odd files
/// leave at its path. Every process runs a task against the local fake OpenRouter, which answers every call with an
/// approval, so each run records exactly one outcome.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class OutcomeLogProcessesTests : IAsyncDisposable
{
    private const string Answer = "APPROVED\nSCORE: 0.9";

    private readonly TempDirectory _work = new();
    private FakeOpenRouter? _server;

    private string LogPath => _work.Combine("data", OutcomeRecorder.OutcomeLog);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _work.Dispose();
    }

    private async Task<Dictionary<string, string?>> ServerForRunsAsync(int runs)
    {
        _server = await FakeOpenRouter.StartAsync();
        // Primary and critic each take one; every answer is the same, so which process takes which does not matter.
        for (var i = 0; i < runs * 2; i++)
        {
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Text(Answer));
        }

        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        };
    }

    private Task<CliProcessOutcome> RunTaskAsync(IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null) =>
        Agent42Process.RunAsync(workingDirectory ?? _work.Path, environment, TimeSpan.FromMinutes(3), "run", "write a haiku about logs", "--type", "content");

    private static string[] Lines(string path) => File.ReadAllText(path).Split('\n')[..^1];

    [Test]
    public async Task SeveralProcessesRecordingAtOnce_KeepEveryLineWhole_AndLoseNone()
    {
        const int Processes = 6;
        var environment = await ServerForRunsAsync(Processes);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Processes).Select(_ => RunTaskAsync(environment)));

        var lines = Lines(LogPath);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.ExitCode), Has.All.Zero, string.Join("\n---\n", outcomes.Select(o => o.Error)));
            Assert.That(File.ReadAllText(LogPath), Does.EndWith("\n"));
            Assert.That(lines, Has.Length.EqualTo(Processes), "one line per run, none overwritten");
            Assert.That(lines.Select(l => OutcomeLog.TryParse(l, out _, out _)), Has.All.True, "every line whole");
            Assert.That(OutcomeLog.Read(LogPath).Outcomes.Select(o => o.TaskId), Is.Unique);
        });
    }

    [Test]
    public async Task ATornTailLeftByACrash_ThenANewRun_KeepsTheNewOutcome_AndTheFragmentAside()
    {
        var environment = await ServerForRunsAsync(1);
        var earlier = """{"task_id":"t-old","task_type":"content","model_key":"or-free-a","success":true,"iterations":1,"max_iterations":8,"critic_score":0.9,"prompt_tokens":1,"completion_tokens":1,"latency_ms":1,"recorded_at":"2026-01-01T00:00:00+00:00"}""";
        var fragment = """{"task_id":"t-crashed","task_type":"cont""";
        _work.Write(Path.Combine("data", OutcomeRecorder.OutcomeLog), earlier + "\n" + fragment);

        var outcome = await RunTaskAsync(environment);

        var lines = Lines(LogPath);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Error, Does.Contain("outcome recorded"));
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[0], Is.EqualTo(earlier));
            Assert.That(OutcomeLog.TryParse(lines[1], out var recorded, out _), Is.True, lines[1]);
            Assert.That(recorded?.TaskId, Does.StartWith("t-"));
            Assert.That(File.ReadAllText(LogPath + TornTail.Suffix), Does.Contain("\n" + fragment + "\n").And.Contain("at offset " + (earlier.Length + 1)));
        });
    }

    [Test]
    public async Task AWriterKilledMidRun_LeavesNoBrokenLine_ForTheRunsAfterIt()
    {
        const int Doomed = 3;
        var environment = await ServerForRunsAsync(Doomed + 2);
        var started = Enumerable.Range(0, Doomed).Select(n =>
        {
            var process = Process.Start(Agent42Process.StartInfo(_work.Path, environment, "run", "write a haiku about logs", "--type", "content"))!;
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return process;
        }).ToArray();
        // Killed wherever they are: starting, calling the model, or appending. The first to record decides when.
        await Poll.UntilAsync(() => File.Exists(LogPath) && new FileInfo(LogPath).Length > 0 || started.All(p => p.HasExited), TimeSpan.FromMinutes(3));
        foreach (var process in started)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        var survivors = await Task.WhenAll(RunTaskAsync(environment), RunTaskAsync(environment));

        var lines = Lines(LogPath);
        Assert.Multiple(() =>
        {
            Assert.That(survivors.Select(o => o.ExitCode), Has.All.Zero, string.Join("\n---\n", survivors.Select(o => o.Error)));
            Assert.That(lines.Select(l => OutcomeLog.TryParse(l, out _, out _)), Has.All.True, "every line whole: " + string.Join("\n", lines));
            Assert.That(lines, Has.Length.InRange(2, Doomed + 2));
        });
    }

    [Test]
    public async Task AFifoAtTheLogPath_HangsNothing_TheAnswerIsPrinted_AndTheExitSaysItWasNotRecorded()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        var environment = await ServerForRunsAsync(1);
        Directory.CreateDirectory(_work.Combine("data"));
        Posix.MakeFifo(LogPath);

        var outcome = await RunTaskAsync(environment);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(3), outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo(Answer + "\n"), "the finished answer is never thrown away");
            Assert.That(outcome.Error, Does.Contain("error: the task is done and its answer printed, but the outcome was not recorded"));
            Assert.That(outcome.Error, Does.Contain("outcomes.jsonl is a FIFO (named pipe), not a regular file"));
        });
    }

    [Test]
    public async Task ADirectoryAtTheLogPath_IsNamed_TheAnswerIsPrinted_AndTheExitSaysItWasNotRecorded()
    {
        var environment = await ServerForRunsAsync(1);
        Directory.CreateDirectory(LogPath);

        var outcome = await RunTaskAsync(environment);
        var explain = await Agent42Process.RunAsync(_work.Path, environment, TimeSpan.FromMinutes(2), "routing", "rerank");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(3), outcome.Error);
            Assert.That(outcome.Out, Is.EqualTo(Answer + "\n"));
            Assert.That(outcome.Error, Does.Contain("outcomes.jsonl is a directory, not a regular file"));
            Assert.That(outcome.Error, Does.Contain("the outcomes, which cannot be read"), "the routing said what it went without");
            Assert.That(explain.ExitCode, Is.EqualTo(1));
            Assert.That(explain.Error, Does.Contain("outcomes.jsonl is a directory"));
        });
    }
}
