using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// The real <c>agent42 run</c>, a process of its own, against the fake OpenRouter's event streams: the answer is on
/// stdout while the stream is still coming, a broken or stalled stream restarts with the next model, and --json
/// waits for the one complete document.
/// </summary>
public sealed class StreamingProcessTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private FakeOpenRouter _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<Dictionary<string, string?>> StartServerAsync(int idleSeconds = 30)
    {
        _server = await FakeOpenRouter.StartAsync();
        return new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
            ["MODEL_STREAM_IDLE_SECONDS"] = idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Test]
    public async Task TheFirstBytesOfTheAnswer_AreOnStdout_WhileTheServerStillHoldsTheRest()
    {
        var environment = await StartServerAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Held(["Tokens fall "], release.Task, ["like rain"]));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));
        using var process = Process.Start(Agent42Process.StartInfo(_directory.Path, environment, "run", "write a haiku about compilers", "--type", "content"))!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Read until the first piece is there: the stream is held, so it can only have come as a stream.
            var seen = new StringBuilder();
            var buffer = new char[256];
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!seen.ToString().Contains("Tokens fall ", StringComparison.Ordinal))
            {
                var read = await process.StandardOutput.ReadAsync(buffer, limit.Token);
                Assert.That(read, Is.GreaterThan(0), $"stdout ended before the first piece; stderr: {(process.HasExited ? await stderr : string.Empty)}");
                seen.Append(buffer, 0, read);
            }

            Assert.Multiple(() =>
            {
                Assert.That(process.HasExited, Is.False, "the run is still going: the rest of the stream is held");
                Assert.That(seen.ToString(), Is.EqualTo("Tokens fall "));
                Assert.That(_server.ChatRequests, Has.Count.EqualTo(1), "the critic has not been asked yet");
            });

            release.SetResult();
            var rest = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Zero);
                Assert.That(seen + rest, Is.EqualTo("Tokens fall like rain\n"), "the answer once, not printed again at the end");
            });
        }
        finally
        {
            release.TrySetResult();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public async Task ABrokenStream_FallsBack_StdoutShowsTheRestartMarker_ThenTheSecondAnswer()
    {
        var environment = await StartServerAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Broken(false, "Tokens fall ", "like"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("Parsers weave ", "a patient tree"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await Agent42Process.RunAsync(_directory.Path, environment, null, "run", "write a haiku about compilers", "--type", "content");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Match(
                @"^Tokens fall like\n--- or-free-[a-z0-9-]+ broke off mid-answer \(ServerError\); or-free-[a-z0-9-]+ answers ---\nParsers weave a patient tree\n$"));
            Assert.That(outcome.Error, Does.Contain("failed: ServerError"));
        });
    }

    [Test]
    public async Task AStall_IsATimeoutFallback_WithTheIdleSetting()
    {
        var environment = await StartServerAsync(idleSeconds: 1);
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Stalling(2, "Tokens fall "));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await Agent42Process.RunAsync(_directory.Path, environment, null, "run", "write a haiku about compilers", "--type", "content");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Contain("broke off mid-answer (Timeout)"));
            Assert.That(outcome.Out, Does.EndWith("---\nfrom the second model\n"));
            Assert.That(outcome.Error, Does.Contain("failed: Timeout").And.Contain("sent nothing for 1 s mid-answer"));
        });
    }

    [Test]
    public async Task RunJson_PrintsOneCompleteDocument_AndNothingStreamed()
    {
        var environment = await StartServerAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("Tokens ", "fall ", "like rain"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await Agent42Process.RunAsync(_directory.Path, environment, null, "run", "write a haiku", "--type", "content", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.StartWith("{"));
            Assert.That(json.RootElement.GetProperty("answer").GetString(), Is.EqualTo("Tokens fall like rain"));
        });
    }

    [Test]
    public async Task AnInvalidIdleSetting_IsRefusedAtStart()
    {
        using var cli = new CliRun();
        foreach (var (name, value) in await StartServerAsync(idleSeconds: 0))
        {
            cli.Environment[name] = value;
        }

        var outcome = await cli.RunAsync("run", "write a haiku", "--type", "content");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.Zero);
            Assert.That(outcome.Error, Does.Contain("MODEL_STREAM_IDLE_SECONDS must be between 1 and 3600"));
            Assert.That(_server.ChatRequests, Is.Empty);
        });
    }
}
