using System.Diagnostics;
using System.Text.Json;
using Agent42.Tests.Support;

namespace Agent42.Tests.Mcp;

/// <summary>
/// The stdio transport byte by byte, with no SDK in between: stdout carries JSON-RPC and nothing else (warnings,
/// rejected tool files and the root warning go to stderr), garbage and a huge line do not stop the server, and a
/// client that goes away mid-call ends it.
/// </summary>
[Category("Mcp")]
public sealed class McpServeStdioTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    [Test]
    public async Task Stdout_CarriesOnlyJsonRpc_WhileWarningsGoToStderr_AndGarbageOrAHugeLineDoesNotStopTheServer()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/broken.cs", McpToolSources.Broken);
        var huge = new string('x', 4 * 1024 * 1024);
        using var process = Process.Start(Agent42Process.StartInfo(workspace.Path, null, "mcp", "serve"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdin = process.StandardInput;
        foreach (var line in new[]
        {
            Initialize, Initialized, "this is not json", "{\"jsonrpc\":\"2.0\",\"id\":", "[1,2,3]",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"grep","arguments":{"pattern":""" + "\"" + huge + "\"}}}",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/list"}""",
        })
        {
            await stdin.WriteLineAsync(line);
        }

        await stdin.FlushAsync();
        var answered = new HashSet<int>();
        var lines = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!answered.Contains(4) || !answered.Contains(3) || !answered.Contains(2))
        {
            var line = await process.StandardOutput.ReadLineAsync(limit.Token);
            if (line is null)
            {
                break;
            }

            lines.Add(line);
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                answered.Add(id.GetInt32());
            }
        }

        stdin.Close();
        Assert.That(await ExitsWithinAsync(process, TimeSpan.FromMinutes(1)), Is.True, "the server ends when its client closes stdin");
        var rest = await process.StandardOutput.ReadToEndAsync();
        lines.AddRange(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var errors = await stderr;

        Assert.That(answered, Is.SupersetOf(new[] { 1, 2, 3, 4 }), string.Join('\n', lines) + "\n" + errors);
        foreach (var line in lines)
        {
            using var message = JsonDocument.Parse(line);
            Assert.That(message.RootElement.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"), line);
        }

        Assert.That(errors, Does.Contain("broken.cs"), "the rejected tool file is reported on stderr");
        Assert.That(process.ExitCode, Is.Zero, errors);
    }

    [Test]
    public async Task AClientThatGoesAwayMidCall_EndsTheServer()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/hang.cs", McpToolSources.Hangs("hang_forever"));
        using var process = Process.Start(Agent42Process.StartInfo(workspace.Path, null, "mcp", "serve"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(Initialize);
        await process.StandardInput.WriteLineAsync(Initialized);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"hang_forever","arguments":{}}}""");
        await process.StandardInput.FlushAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Assert.That(await process.StandardOutput.ReadLineAsync(limit.Token), Does.Contain("\"id\":1"));

        process.StandardInput.Close();
        var exited = await ExitsWithinAsync(process, TimeSpan.FromMinutes(1));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.That(exited, Is.True, "a hung call must not keep the server alive after its client left\n" + await stderr);
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan patience)
    {
        using var limit = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
