using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

public sealed class ShellTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CliRun _cli = new();
    private FakeOpenRouter? _server;

    public ShellTests() => _cli.Environment["OPENROUTER_BASE_URL"] = "http://127.0.0.1:1/api/v1";

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _cli.Dispose();
    }

    [Test]
    public async Task SlashCommands_Work_AndEndOfInputLeaves()
    {
        _cli.Directory.Write("notes.txt", "hello shell");

        var outcome = await _cli.RunWithInputAsync("/help\n/tools\n/call read_file {\"path\":\"notes.txt\"}\n/call read_file {bad\n/nope\n/routing\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.StartWith("Agent42 "));
            Assert.That(outcome.Out, Does.Contain("/call <name> <json>"));
            Assert.That(outcome.Out, Does.Contain("read_file     builtin"));
            Assert.That(outcome.Out, Does.Contain("agent42> hello shell\n"));
            Assert.That(outcome.Out, Does.Contain("error: the arguments are not JSON"));
            Assert.That(outcome.Out, Does.Contain("unknown command '/nope'; /help lists them"));
            Assert.That(outcome.Out, Does.Match(@"data_analysis\s+primary or-free-[a-z0-9-]+, critic or-free-[a-z0-9-]+, max 6 iterations"));
        });
    }

    [Test]
    public async Task ATypedTask_RunsThroughTheModel()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Thanks, team!"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunWithInputAsync("email: thank the team\n/quit\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain("agent42> Thanks, team!\n(approved, 1 iteration(s), or-free-"));
            Assert.That(outcome.Error, Does.Contain("iteration 1/3"), "an email task allows 3 iterations");
        });
    }

    [Test]
    public async Task WithoutAKey_ATaskSaysWhatToSet_AndTheShellGoesOn()
    {
        _cli.Environment.Remove("OPENROUTER_BASE_URL");

        var outcome = await _cli.RunWithInputAsync("write a haiku\n/call list_dir {}\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Does.Contain("error: no model can be called: set OPENROUTER_API_KEY"));
            Assert.That(outcome.Out, Does.Contain("(empty directory)").Or.Contain("custom_tools/"), "the next command still runs");
        });
    }

    [Test]
    public async Task CustomTools_HotReload_WhileTheShellRuns()
    {
        var lines = new LineCollector();
        var input = new LineFeeder();
        using var stop = new CancellationTokenSource();
        var shell = _cli.StartAsync(lines, input, stop.Token);
        Assert.That(await lines.NextAsync(Patience), Does.StartWith("Agent42 "));

        _cli.Directory.Write("custom_tools/shout.cs", Support.PluginSources.Typed("shout", "arguments.Text.ToUpperInvariant()"));
        var loaded = await lines.NextAsync(Patience);
        input.Type("/call shout {\"text\":\"live\"}");
        var answer = await lines.NextAsync(Patience);
        input.EndInput();
        var exitCode = await shell.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Does.Contain("loaded   shout.cs: shout"));
            Assert.That(answer, Does.EndWith("LIVE"));
            Assert.That(exitCode, Is.Zero);
        });
    }

    [Test]
    public async Task DotEnvEdits_ApplyWhileTheShellRuns_AndAMalformedEditIsReportedAndIgnored()
    {
        var lines = new LineCollector();
        var input = new LineFeeder();
        using var stop = new CancellationTokenSource();
        var shell = _cli.StartAsync(lines, input, stop.Token);
        Assert.That(await lines.NextAsync(Patience), Does.StartWith("Agent42 "));
        var before = await CodingRouteAsync(lines, input);

        _cli.Directory.Rewrite(".env", "AGENT42_CODING_MODEL=or-free-custom\n");
        var overridden = await Poll.UntilAsync(async () => (await CodingRouteAsync(lines, input)).Contains("primary or-free-custom,"), Patience);
        _cli.Directory.Rewrite(".env", "AGENT42_CODING_MODEL=or-free-other\nthis line is wrong\n");
        var reported = await Poll.UntilAsync(() => LogFileContains(".env line 2"), Patience);
        var afterMalformed = await CodingRouteAsync(lines, input);
        input.EndInput();
        var exitCode = await shell.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Not.Contain("or-free-custom"));
            Assert.That(overridden, Is.True, "the override added to .env was never used");
            Assert.That(reported, Is.True, "the malformed .env was never reported in the log file");
            Assert.That(afterMalformed, Does.Contain("primary or-free-custom,").And.EndWith("(admin)"), "the last good .env stays in use");
            Assert.That(_cli.StartedErrors.ToString(), Does.Contain(".env line 2: expected KEY=VALUE; the line has no '=' (its text is not shown: it may be a pasted secret)"));
            Assert.That(exitCode, Is.Zero);
        });
    }

    /// <summary>Types /routing and returns its line for the coding task type.</summary>
    private static async Task<string> CodingRouteAsync(LineCollector lines, LineFeeder input)
    {
        input.Type("/routing");
        var coding = string.Empty;
        while (await lines.NextAsync(Patience) is var line && !line.StartsWith("'agent42 routing explain", StringComparison.Ordinal))
        {
            if (line.Replace("agent42> ", string.Empty, StringComparison.Ordinal).StartsWith("coding ", StringComparison.Ordinal))
            {
                coding = line;
            }
        }

        return coding;
    }

    private bool LogFileContains(string text)
    {
        var logs = _cli.Directory.Combine("data", "logs");
        return Directory.Exists(logs) && Directory.EnumerateFiles(logs).Any(path =>
        {
            // The shell still has the file open for writing.
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return reader.ReadToEnd().Contains(text, StringComparison.Ordinal);
        });
    }
}
