using System.Diagnostics;
using System.Text.Json;
using Agent42.Core.Agent.Approval;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>The real agent42 process at a real pseudo-terminal: what a person at the shell sees and types.</summary>
public sealed class ShellTerminalTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
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
    public async Task AtATerminal_TheShellAsks_AndNo_LeavesTheFileAsItWas()
    {
        Assume.That(PseudoTerminal.IsAvailable, "needs Linux and util-linux's script");
        _directory.Write("notes.txt", "old line\n");
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "write_file", """{"path":"notes.txt","content":"new line\n"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Left as it was."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        var environment = new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
            ["MODEL_RESEARCH_ENABLED"] = "false",
        };

        using var terminal = PseudoTerminal.StartAgent42(_directory.Path, environment);
        var started = await terminal.WaitForAsync("agent42> ", Patience);
        terminal.Type("coding: update the notes");
        var asked = await terminal.WaitForAsync("Allow write_file? [y]es / [n]o / [a]lways for write_file this session: ", Patience);
        terminal.Type("n");
        var answered = await terminal.WaitForAsync("agent42> ", Patience, times: 2);
        terminal.Type("/quit");
        var exitCode = await terminal.WaitForExitAsync(Patience);

        var toolMessage = _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body)).ElementAt(1).RootElement.GetProperty("messages")
            .EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(started && asked && answered, Is.True, terminal.Output);
            Assert.That(terminal.Output, Does.Contain("(approval: ask)"));
            Assert.That(terminal.Output, Does.Contain("-old line").And.Contain("+new line"));
            Assert.That(terminal.Output, Does.Contain("Left as it was."));
            Assert.That(File.ReadAllText(_directory.Combine("notes.txt")), Is.EqualTo("old line\n"));
            Assert.That(toolMessage, Is.EqualTo("Error: " + ApprovalPolicy.Declined("write_file")));
            Assert.That(exitCode, Is.Zero, terminal.Output);
        });
    }

    [Test]
    public async Task WithInputPiped_AskRefusesTheWrite_WithoutWaitingForAnAnswer()
    {
        _directory.Write("notes.txt", "old line\n");
        _server = await FakeOpenRouter.StartAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "write_file", """{"path":"notes.txt","content":"new line\n"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Could not."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        var command = PseudoTerminal.Agent42CommandLine().ToList();
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        start.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        start.Environment["OPENROUTER_API_KEY"] = "sk-test";
        start.Environment["MODEL_RESEARCH_ENABLED"] = "false";

        using var process = Process.Start(start)!;
        // Both lines at once, as a pipe gives them: the second is the next command, never an answer.
        await process.StandardInput.WriteAsync("coding: update the notes\n/quit\n");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var toolMessage = _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body)).ElementAt(1).RootElement.GetProperty("messages")
            .EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString();
        Assert.Multiple(async () =>
        {
            Assert.That(process.ExitCode, Is.Zero, await error);
            Assert.That(await output, Does.Contain("warning: standard input is not a terminal").And.Not.Contain("Allow write_file?"));
            Assert.That(File.ReadAllText(_directory.Combine("notes.txt")), Is.EqualTo("old line\n"));
            Assert.That(toolMessage, Is.EqualTo("Error: " + ApprovalPolicy.RefusedNoTerminal("write_file")));
        });
    }
}
