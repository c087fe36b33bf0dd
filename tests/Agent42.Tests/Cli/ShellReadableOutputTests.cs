using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>The shell at a real pseudo-terminal: background events above the prompt, the line typed intact, markdown rendered.</summary>
public sealed class ShellReadableOutputTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
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

    [Test]
    public async Task ABackgroundEvent_WhileALineIsTyped_PrintsAboveThePrompt_AndTheWholeLineRuns()
    {
        Assume.That(PseudoTerminal.IsAvailable, "needs Linux and util-linux's script");
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("# Thanks sent\n\n- to **everyone**\n\n```text\n# kept\n```\n"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        var environment = ShellEnvironment(_server);

        using var terminal = PseudoTerminal.StartAgent42(_directory.Path, environment);
        var started = await terminal.WaitForAsync("agent42> ", Patience);
        terminal.TypeKeys("email: thank the");
        var echoed = await terminal.WaitForAsync("agent42> email: thank the", Patience);
        _directory.Write("custom_tools/Broken.cs", "this is not C# at all {");
        var reported = await terminal.WaitForAsync("Broken.cs: ", Patience);
        var redrawn = await terminal.WaitForAsync("agent42> email: thank the", Patience, times: 2);
        terminal.TypeKeys(" team\r");
        var summarized = await terminal.WaitForAsync("(approved, 1 iteration(s)", Patience);
        terminal.Type("/quit");
        var exitCode = await terminal.WaitForExitAsync(Patience);

        var output = terminal.Output;
        var eventAt = output.IndexOf("Broken.cs: ", StringComparison.Ordinal);
        var task = JsonDocument.Parse(_server.ChatRequests.First().Body).RootElement.GetProperty("messages")
            .EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(started && echoed && reported && redrawn && summarized, Is.True, output);
            Assert.That(output, Does.Match(@"\r\u001b\[K\d\d:\d\d:\d\d rejected\s+Broken\.cs: "), "the prompt line was cleared before the event");
            Assert.That(output[eventAt..], Does.Contain("agent42> email: thank the"), "the prompt is drawn again with the partial line");
            Assert.That(task, Does.Contain("thank the team"), "the task that ran is the whole line");
            Assert.That(output, Does.Contain("\u001b[").And.Contain("Thanks sent").And.Not.Contain("# Thanks sent"), "the heading is rendered");
            Assert.That(output, Does.Contain("•").And.Contain("# kept"), "a bullet glyph; a code block verbatim");
            Assert.That(output, Does.Match(@"\(approved, 1 iteration\(s\), or-free-[a-z0-9-]+, 0 tool call\(s\), \d+ tokens, \d+\.\d s, \d+ requests?"));
            Assert.That(exitCode, Is.Zero, output);
        });
    }

    [Test]
    public async Task ABackgroundEvent_WhileAnApprovalIsAnswered_PrintsAboveTheQuestion_AndTheAnswerCounts()
    {
        // The question was once read outside the line editor: an event arriving while it waited was written into the
        // middle of the question line, after the half-typed answer.
        Assume.That(PseudoTerminal.IsAvailable, "needs Linux and util-linux's script");
        _directory.Write("notes.txt", "old line\n");
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "write_file", """{"path":"notes.txt","content":"new line\n"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Updated."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        var environment = ShellEnvironment(_server);
        const string Question = "Allow write_file? [y]es / [n]o / [a]lways for write_file this session: ";

        using var terminal = PseudoTerminal.StartAgent42(_directory.Path, environment);
        var started = await terminal.WaitForAsync("agent42> ", Patience);
        terminal.Type("coding: update the notes");
        var asked = await terminal.WaitForAsync(Question, Patience);
        terminal.TypeKeys("y");
        var echoed = await terminal.WaitForAsync(Question + "y", Patience);
        _directory.Write("custom_tools/Broken.cs", "this is not C# at all {");
        var reported = await terminal.WaitForAsync("Broken.cs: ", Patience);
        var redrawn = await terminal.WaitForAsync(Question + "y", Patience, times: 2);
        terminal.TypeKeys("\r");
        var summarized = await terminal.WaitForAsync("(approved, ", Patience);
        terminal.Type("/quit");
        var exitCode = await terminal.WaitForExitAsync(Patience);

        var output = terminal.Output;
        var eventAt = output.IndexOf("Broken.cs: ", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(started && asked && echoed && reported && redrawn && summarized, Is.True, output);
            Assert.That(output, Does.Match(@"\r\u001b\[K\d\d:\d\d:\d\d rejected\s+Broken\.cs: "), "the question line was cleared before the event");
            Assert.That(output[eventAt..], Does.Contain(Question + "y"), "the question is drawn again with the answer typed so far");
            Assert.That(File.ReadAllText(_directory.Combine("notes.txt")), Is.EqualTo("new line\n"), "the answer typed across the event was yes");
            Assert.That(exitCode, Is.Zero, output);
        });
    }

    private static Dictionary<string, string?> ShellEnvironment(FakeOpenRouter server) => new()
    {
        ["OPENROUTER_BASE_URL"] = server.BaseUrl,
        ["OPENROUTER_API_KEY"] = "sk-test",
        ["MODEL_RESEARCH_ENABLED"] = "false",
    };
}
