using System.Text.Json;
using Agent42.Core.Agent.Approval;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

/// <summary>
/// Approval through the real command line: the shell reads the answers from its input, as a person's typing, and
/// the fake OpenRouter asks for write_file calls.
/// </summary>
public sealed class ApprovalTests : IAsyncDisposable
{
    private readonly CliRun _cli = new();
    private FakeOpenRouter _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private async Task StartServerAsync(params ScriptedAnswer[] answers)
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        foreach (var answer in answers)
        {
            _server.ChatAnswers.Enqueue(answer);
        }
    }

    private static ScriptedAnswer WriteNotes(string id, string content) =>
        ScriptedAnswer.ToolCall(id, "write_file", JsonSerializer.Serialize(new { path = "notes.txt", content }));

    /// <summary>The tool results the model was sent, in order, from the last chat request.</summary>
    private List<string> ToolResultsSent()
    {
        var requests = _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body)).ToList();
        return requests.Last(r => r.RootElement.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool"))
            .RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .Select(m => m.GetProperty("content").GetString()!).ToList();
    }

    [Test]
    public async Task Shell_AsksWithADiff_AndNo_LeavesTheFile_AndTellsTheModel()
    {
        _cli.Directory.Write("notes.txt", "old line\n");
        await StartServerAsync(WriteNotes("call_1", "new line\n"), ScriptedAnswer.Text("I could not write it."), ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunWithInputAsync("coding: update the notes\nn\n/quit\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Contain("(approval: ask)"));
            Assert.That(outcome.Out, Does.Contain("write_file wants to run:\n--- a/notes.txt\n+++ b/notes.txt\n@@ -1,1 +1,1 @@\n-old line\n+new line\n"));
            Assert.That(outcome.Out, Does.Contain("Allow write_file? [y]es / [n]o / [a]lways for write_file this session: "));
            Assert.That(File.ReadAllText(_cli.Directory.Combine("notes.txt")), Is.EqualTo("old line\n"));
            Assert.That(ToolResultsSent(), Is.EqualTo(new[] { "Error: " + ApprovalPolicy.Declined("write_file") }));
            Assert.That(outcome.Out, Does.Contain("I could not write it."), "the run goes on after a no");
            Assert.That(outcome.Error, Does.Contain("<- write_file failed: the user declined"));
        });
    }

    [Test]
    public async Task Shell_Always_ApprovesTheSecondWriteWithoutAsking()
    {
        await StartServerAsync(WriteNotes("call_1", "first\n"), WriteNotes("call_2", "second\n"), ScriptedAnswer.Text("Written twice."), ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunWithInputAsync("coding: write the notes twice\na\n/quit\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out.Split("Allow write_file?").Length - 1, Is.EqualTo(1), outcome.Out);
            Assert.That(outcome.Out, Does.Contain("(new file)\n--- /dev/null\n+++ b/notes.txt"));
            Assert.That(File.ReadAllText(_cli.Directory.Combine("notes.txt")), Is.EqualTo("second\n"));
            Assert.That(ToolResultsSent(), Has.Count.EqualTo(2).And.All.StartWith("Wrote "));
        });
    }

    [Test]
    public async Task Shell_Yes_RunsThatCall_AndAsksAgainForTheNext()
    {
        await StartServerAsync(WriteNotes("call_1", "first\n"), WriteNotes("call_2", "second\n"), ScriptedAnswer.Text("Once."), ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunWithInputAsync("coding: write the notes twice\nmaybe\ny\n\n/quit\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain("please answer y, n or a"));
            Assert.That(outcome.Out.Split("Allow write_file?").Length - 1, Is.EqualTo(3), "asked, asked again after 'maybe', then for the second call");
            Assert.That(File.ReadAllText(_cli.Directory.Combine("notes.txt")), Is.EqualTo("first\n"), "an empty answer is no");
        });
    }

    [Test]
    public async Task Shell_InReadOnlyMode_RefusesTheWrite_WithoutAsking()
    {
        await StartServerAsync(WriteNotes("call_1", "x\n"), ScriptedAnswer.Text("Refused."), ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunWithInputAsync("coding: write the notes\n/quit\n", "--approval", "read-only");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain("(approval: read-only)"));
            Assert.That(outcome.Out, Does.Not.Contain("Allow write_file?"));
            Assert.That(File.Exists(_cli.Directory.Combine("notes.txt")), Is.False);
            Assert.That(ToolResultsSent(), Is.EqualTo(new[] { "Error: " + ApprovalPolicy.RefusedReadOnly("write_file") }));
        });
    }

    [Test]
    public async Task Run_DefaultsToAuto_AndWritesWithoutAsking()
    {
        await StartServerAsync(WriteNotes("call_1", "auto\n"), ScriptedAnswer.Text("Written."), ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunAsync("run", "write the notes", "--type", "coding");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Error, Does.Not.Contain("Allow write_file?"));
            Assert.That(File.ReadAllText(_cli.Directory.Combine("notes.txt")), Is.EqualTo("auto\n"));
        });
    }

    [Test]
    public async Task Run_WithReadOnlyFromTheEnvironment_RefusesTheWrite()
    {
        await StartServerAsync(WriteNotes("call_1", "x\n"), ScriptedAnswer.Text("Refused."), ScriptedAnswer.Text("APPROVED"));
        _cli.Environment["AGENT42_APPROVAL"] = "read-only";

        var outcome = await _cli.RunAsync("run", "write the notes", "--type", "coding");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(File.Exists(_cli.Directory.Combine("notes.txt")), Is.False);
            Assert.That(outcome.Error, Does.Contain("<- write_file failed: write_file did not run: the approval mode is read-only"));
        });
    }

    [Test]
    public async Task AnUnknownMode_IsAUsageError_NamingTheChoices()
    {
        await StartServerAsync();
        _cli.Environment["AGENT42_APPROVAL"] = "sometimes";

        var fromEnvironment = await _cli.RunAsync("run", "write the notes");
        var fromCommandLine = await _cli.RunAsync("run", "write the notes", "--approval", "never");

        Assert.Multiple(() =>
        {
            Assert.That(fromEnvironment.ExitCode, Is.EqualTo(2));
            Assert.That(fromEnvironment.Error, Does.Contain("AGENT42_APPROVAL must be one of ask, auto, read-only; got 'sometimes'"));
            Assert.That(fromCommandLine.ExitCode, Is.EqualTo(2));
            Assert.That(fromCommandLine.Error, Does.Contain("never"));
        });
    }
}
