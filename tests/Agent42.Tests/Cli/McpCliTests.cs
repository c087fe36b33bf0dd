using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// The reference server <c>@modelcontextprotocol/server-everything</c> configured in <c>.mcp.json</c>, used through the
/// real command line: listed, described, called, offered to the model in a run, and shown by <c>mcp list</c>.
/// </summary>
public sealed class McpCliTests : IAsyncDisposable
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

    private void ConfigureEverything(Dictionary<string, object>? more = null)
    {
        McpPeers.OrSkip();
        _cli.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        _cli.Environment["MCP_START_WAIT_SECONDS"] = "60";
        _cli.Environment["MCP_INIT_TIMEOUT_SECONDS"] = "30";
        var servers = new Dictionary<string, object>
        {
            ["everything"] = new { command = McpPeers.Node, args = new[] { McpPeers.EverythingServer, "stdio" } },
        };
        foreach (var (name, entry) in more ?? [])
        {
            servers[name] = entry;
        }

        FakeMcpServer.WriteConfig(_cli.Directory.Combine(".mcp.json"), servers);
    }

    [Test]
    public async Task ToolsList_ShowsTheEverythingServersTools_AsMcpEverything()
    {
        ConfigureEverything();

        var text = await _cli.RunAsync("tools", "list");
        var json = await _cli.RunAsync("tools", "list", "--json");

        using var listed = JsonDocument.Parse(json.Out);
        var echo = listed.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "mcp_everything_echo");
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.Zero, text.Error);
            Assert.That(text.Out, Does.Match(@"mcp_everything_echo\s+mcp:everything\s+Echoes back"));
            Assert.That(text.Out, Does.Match(@"\nread_file\s+builtin "));
            Assert.That(echo.GetProperty("source").GetString(), Is.EqualTo("mcp:everything"));
            Assert.That(echo.GetProperty("file").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task ToolsCall_TheEchoTool_AnswersEcho_AndDescribeShowsTheServersSchema()
    {
        ConfigureEverything();

        var call = await _cli.RunAsync("tools", "call", "mcp_everything_echo", "--args", """{"message":"hello from agent42"}""");
        var describe = await _cli.RunAsync("tools", "describe", "mcp_everything_echo", "--json");

        using var described = JsonDocument.Parse(describe.Out);
        Assert.Multiple(() =>
        {
            Assert.That(call.ExitCode, Is.Zero, call.Error);
            Assert.That(call.Out, Is.EqualTo("Echo: hello from agent42\n"));
            Assert.That(described.RootElement.GetProperty("parameters").GetProperty("properties").TryGetProperty("message", out _), Is.True);
        });
    }

    [Test]
    public async Task TheServerGetsNoneOfAgent42sSecrets()
    {
        ConfigureEverything();
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-or-v1-secret-of-agent42";

        var call = await _cli.RunAsync("tools", "call", "mcp_everything_get_env");

        Assert.Multiple(() =>
        {
            Assert.That(call.ExitCode, Is.Zero, call.Error);
            Assert.That(call.Out, Does.Contain("PATH"));
            Assert.That(call.Out, Does.Not.Contain("OPENROUTER_API_KEY").And.Not.Contain("sk-or-v1-secret-of-agent42"));
        });
    }

    [Test]
    public async Task ARun_ThroughTheAgentLoop_CallsTheMcpTool_AndTheAnswerCarriesItsOutput()
    {
        ConfigureEverything();
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "mcp_everything_echo", """{"message":"ping through MCP"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The server said: Echo: ping through MCP"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));

        var outcome = await _cli.RunAsync("run", "echo a ping through the MCP server", "--type", "research");

        var requests = _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var offered = requests[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        var toolResults = requests[1].GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool").Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(offered, Does.Contain("mcp_everything_echo"));
            Assert.That(toolResults, Is.EqualTo(new[] { "Echo: ping through MCP" }));
            Assert.That(outcome.Out, Is.EqualTo("The server said: Echo: ping through MCP\n"));
        });
    }

    [Test]
    public async Task McpList_ShowsEachServer_ItsStateAndTools_AndABrokenOneWithItsReason()
    {
        ConfigureEverything(new Dictionary<string, object>
        {
            ["broken"] = new { command = "bash", args = new[] { "-c", "exit 7" } },
        });

        var text = await _cli.RunAsync("mcp", "list");
        var json = await _cli.RunAsync("mcp", "list", "--json");

        using var listed = JsonDocument.Parse(json.Out);
        var servers = listed.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.Zero, text.Error);
            Assert.That(text.Out, Does.Contain("everything (stdio: node ").And.Contain("): connected, "));
            Assert.That(text.Out, Does.Contain("  mcp_everything_echo <- echo\n"));
            Assert.That(text.Out, Does.Contain("broken (stdio: bash -c 'exit 7'): failed: "));
            Assert.That(servers["everything"].GetProperty("state").GetString(), Is.EqualTo("connected"));
            Assert.That(servers["everything"].GetProperty("transport").GetString(), Is.EqualTo("stdio"));
            Assert.That(servers["everything"].GetProperty("tools").EnumerateArray()
                .Any(t => t.GetProperty("name").GetString() == "mcp_everything_echo" && t.GetProperty("server_name").GetString() == "echo"), Is.True);
            Assert.That(servers["broken"].GetProperty("state").GetString(), Is.EqualTo("failed"));
            Assert.That(servers["broken"].GetProperty("reason").GetString(), Is.Not.Empty);
            Assert.That(servers["broken"].GetProperty("retry_at").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(json.Error, Does.Contain("MCP server broken failed"));
        });
    }

    [Test]
    public async Task AMalformedMcpJson_IsOneWarning_AndEverythingElseKeepsWorking()
    {
        _cli.Directory.Write(".mcp.json", "{\"mcpServers\": {\n  \"x\": {\"command\": ");

        var list = await _cli.RunAsync("tools", "list");
        var mcp = await _cli.RunAsync("mcp", "list");

        Assert.Multiple(() =>
        {
            Assert.That(list.ExitCode, Is.Zero, list.Error);
            Assert.That(list.Out, Does.Contain("read_file"));
            Assert.That(list.Error, Does.Contain("warning: " + _cli.Directory.Combine(".mcp.json") + ": line 2: not valid JSON"));
            Assert.That(mcp.ExitCode, Is.EqualTo(1));
            Assert.That(mcp.Out, Does.Contain("No MCP servers configured"));
        });
    }

    [Test]
    public async Task WithoutMcpJson_NothingIsSaid()
    {
        var list = await _cli.RunAsync("tools", "list");
        var mcp = await _cli.RunAsync("mcp", "list", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(list.Error, Does.Not.Contain("mcp").IgnoreCase);
            Assert.That(mcp.ExitCode, Is.Zero, mcp.Error);
            Assert.That(mcp.Out.Trim(), Is.EqualTo("[]"));
        });
    }

    [Test]
    public async Task AStreamableHttpServer_FromItsUrl_IsListedAndCallable()
    {
        McpPeers.OrSkip();
        var port = FreePort();
        var start = new System.Diagnostics.ProcessStartInfo(McpPeers.Node, [McpPeers.EverythingServer, "streamableHttp"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = McpPeers.Directory,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var server = System.Diagnostics.Process.Start(start)!;
        try
        {
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            server.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
                {
                    listening.TrySetResult();
                }
            };
            server.BeginErrorReadLine();
            server.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            _cli.Environment["MCP_START_WAIT_SECONDS"] = "60";
            _cli.Environment["MCP_INIT_TIMEOUT_SECONDS"] = "30";
            FakeMcpServer.WriteConfig(_cli.Directory.Combine(".mcp.json"), new Dictionary<string, object>
            {
                ["web"] = new { url = $"http://127.0.0.1:{port}/mcp" },
            });

            var call = await _cli.RunAsync("tools", "call", "mcp_web_echo", "--args", """{"message":"over HTTP"}""");
            var list = await _cli.RunAsync("mcp", "list");

            Assert.Multiple(() =>
            {
                Assert.That(call.ExitCode, Is.Zero, call.Error);
                Assert.That(call.Out, Is.EqualTo("Echo: over HTTP\n"));
                Assert.That(list.Out, Does.Contain($"web (http: http://127.0.0.1:{port}/mcp): connected"));
            });
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task InReadOnlyMode_AnMcpTool_IsRefused_AsOneThatChangesThings()
    {
        ConfigureEverything();
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        _cli.Environment["AGENT42_APPROVAL"] = "read-only";
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "mcp_everything_echo", """{"message":"not allowed"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("I could not call it."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var outcome = await _cli.RunAsync("run", "echo something", "--type", "research");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Error, Does.Contain("<- mcp_everything_echo failed: mcp_everything_echo did not run: the approval mode is read-only"));
        });
    }

    [Test]
    public async Task AServerHungAtInitialize_DoesNotHoldUpTheCommand_PastTheStartWait()
    {
        McpPeers.OrSkip();
        _cli.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        _cli.Environment["MCP_START_WAIT_SECONDS"] = "1";
        _cli.Environment["MCP_INIT_TIMEOUT_SECONDS"] = "600";
        FakeMcpServer.WriteConfig(_cli.Directory.Combine(".mcp.json"), new Dictionary<string, object>
        {
            ["stuck"] = FakeMcpServer.NodeEntry("process.stdin.resume()"),
        });

        var list = await _cli.RunAsync("tools", "list");
        var mcp = await _cli.RunAsync("mcp", "list", "--json");

        using var servers = JsonDocument.Parse(mcp.Out);
        Assert.Multiple(() =>
        {
            Assert.That(list.ExitCode, Is.Zero, list.Error);
            Assert.That(list.Out, Does.Contain("read_file"));
            Assert.That(servers.RootElement[0].GetProperty("state").GetString(), Is.EqualTo("starting"));
        });
    }

    [Test]
    public async Task TheShell_ListsAndCallsMcpTools()
    {
        ConfigureEverything();

        var outcome = await _cli.RunWithInputAsync("/tools\n/call mcp_everything_echo {\"message\":\"from the shell\"}\n/quit\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Match(@"mcp_everything_echo\s+mcp:everything"));
            Assert.That(outcome.Out, Does.Contain("Echo: from the shell"));
        });
    }
}
