using System.Text.Json;
using Agent42.Core.Mcp;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Mcp;

/// <summary>Real MCP servers (small node scripts on the official TypeScript SDK) behaving well and badly, seen through the registry.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class McpServersTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static object[] Tools(params string[] names) => names.Select(n => (object)new { name = n }).ToArray();

    [Test]
    public async Task AServersTools_JoinTheRegistry_AsMcpTools_AndAnswer()
    {
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object> { ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("echo", "fail", "image")) });

        var echo = await mcp.CallAsync("mcp_fake_echo", """{"text":"hello"}""");
        var fail = await mcp.CallAsync("mcp_fake_fail");
        var image = await mcp.CallAsync("mcp_fake_image");
        var registration = mcp.Registry.Find("mcp_fake_echo");

        Assert.Multiple(() =>
        {
            Assert.That(echo, Is.EqualTo(ToolResult.Ok("echo: hello")));
            Assert.That(fail.Success, Is.False);
            Assert.That(fail.Error, Is.EqualTo("it broke"));
            Assert.That(image.Output, Is.EqualTo("a picture:\n[image: image/png, 8 bytes, not shown]"));
            Assert.That(registration!.Source, Is.EqualTo(ToolSource.Mcp));
            Assert.That(registration.FilePath, Is.EqualTo("fake"));
            Assert.That(registration.Description, Does.Contain("fake tool echo").And.Contain("MCP server 'fake'"));
            Assert.That(registration.Snapshot.Parameters.GetProperty("properties").TryGetProperty("text", out _), Is.True);
            Assert.That(registration.Snapshot.IsReadOnly, Is.False);
            Assert.That(mcp.Status("fake").State, Is.EqualTo(McpServerState.Connected));
        });
    }

    [Test]
    public async Task AHugeAnswer_IsCutAtTheShellOutputCap()
    {
        await using var mcp = McpHarness.Create(toolOptions: new ToolOptions { ToolTimeoutSeconds = 30, ShellMaxOutputKb = 4 });
        await mcp.StartAsync(new Dictionary<string, object> { ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("huge")) });

        var huge = await mcp.CallAsync("mcp_fake_huge");

        Assert.That(huge.Output, Does.StartWith(new string('x', 4096) + "... (").And.EndWith("more characters cut; SHELL_MAX_OUTPUT_KB)"));
    }

    [Test]
    public async Task ACallThatNeverAnswers_TimesOut_AndTheServerIsToldToCancelIt()
    {
        await using var mcp = McpHarness.Create(toolOptions: new ToolOptions { ToolTimeoutSeconds = 1 });
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("hang", "echo"), new Dictionary<string, string> { ["FAKE_LOG"] = mcp.Log }),
        });

        var hung = await mcp.CallAsync("mcp_fake_hang");

        Assert.Multiple(async () =>
        {
            Assert.That(hung.Error, Is.EqualTo("Tool 'mcp_fake_hang' timed out after 1 s"));
            Assert.That(await Poll.UntilAsync(() => File.Exists(mcp.Log) && File.ReadAllText(mcp.Log).Contains("cancelled hang"), Deadline), Is.True,
                "the server got notifications/cancelled");
            Assert.That(await mcp.CallAsync("mcp_fake_echo", """{"text":"still here"}"""), Is.EqualTo(ToolResult.Ok("echo: still here")));
        });
    }

    [Test]
    public async Task ListChanged_ReListsTheTools_AndSwapsThemIn()
    {
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object> { ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("grow")) });

        Assert.That(mcp.Registry.Find("mcp_fake_grown"), Is.Null);
        await mcp.CallAsync("mcp_fake_grow");

        Assert.That(await Poll.UntilAsync(() => mcp.Registry.Find("mcp_fake_grown") is not null, Deadline), Is.True);
        Assert.That(await mcp.CallAsync("mcp_fake_grown", """{"text":"new"}"""), Is.EqualTo(ToolResult.Ok("grown: new")));
    }

    [Test]
    public async Task AServerThatFloodsListChanged_StaysUsable()
    {
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("echo", "grow"), new Dictionary<string, string> { ["FAKE_FLOOD"] = "1" }),
        });

        var echo = await mcp.CallAsync("mcp_fake_echo", """{"text":"in the flood"}""");
        await mcp.CallAsync("mcp_fake_grow");

        Assert.Multiple(async () =>
        {
            Assert.That(echo, Is.EqualTo(ToolResult.Ok("echo: in the flood")));
            Assert.That(await Poll.UntilAsync(() => mcp.Registry.Find("mcp_fake_grown") is not null, Deadline), Is.True);
            Assert.That(mcp.Status("fake").State, Is.EqualTo(McpServerState.Connected));
        });
    }

    [Test]
    public async Task ServersThatCrashHangOrPrintGarbage_AreReportedByName_AndTheGoodOneStillWorks()
    {
        // The 2 s initialize limit that fails "hang" applies to "good" too; on a loaded machine a node server can take
        // longer to start, so "good" is given its retries (every second) instead of one attempt. The failing servers are
        // retried too, so each is looked at while it is failed (a snapshot), not at one instant of its retry cycle.
        await using var mcp = McpHarness.Create(new McpOptions { StartWaitSeconds = 60, InitTimeoutSeconds = 2, RetryMaxSeconds = 1 });
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["crash"] = new { command = "bash", args = new[] { "-c", "echo boom >&2; exit 3" } },
            ["hang"] = FakeMcpServer.NodeEntry("process.stdin.resume()"),
            ["garbage"] = FakeMcpServer.NodeEntry("process.stdin.on('data', () => console.log('this is not JSON {'))"),
            ["missing"] = new { command = "/nonexistent/mcp-server" },
            ["good"] = FakeMcpServer.Entry(mcp.Script, Tools("echo")),
        });

        async Task<McpServerStatus> WhenFailedAsync(string name)
        {
            var status = mcp.Status(name);
            await Poll.UntilAsync(() => (status = mcp.Status(name)).State == McpServerState.Failed, Deadline);
            return status;
        }

        var crash = await WhenFailedAsync("crash");
        var hang = await WhenFailedAsync("hang");
        var garbage = await WhenFailedAsync("garbage");
        var missing = await WhenFailedAsync("missing");
        Assert.Multiple(async () =>
        {
            Assert.That(crash.State, Is.EqualTo(McpServerState.Failed));
            // Whether the exit or the failed write of initialize is seen first is the kernel's race.
            Assert.That(crash.Reason, Does.Contain("exited with code 3").Or.Contain("closed the connection before answering initialize"));
            Assert.That(crash.RetryAt, Is.Not.Null);
            Assert.That(hang.State, Is.EqualTo(McpServerState.Failed));
            Assert.That(hang.Reason, Does.Contain("within 2 s (MCP_INIT_TIMEOUT_SECONDS)"));
            Assert.That(garbage.State, Is.EqualTo(McpServerState.Failed));
            Assert.That(missing.State, Is.EqualTo(McpServerState.Failed));
            Assert.That(await Poll.UntilAsync(() => mcp.Status("good").State == McpServerState.Connected && mcp.Registry.Find("mcp_good_echo") is not null,
                TimeSpan.FromSeconds(90)), Is.True,
                () => $"good: {mcp.Status("good").State} {mcp.Status("good").Reason}");
            Assert.That(await mcp.CallAsync("mcp_good_echo", """{"text":"fine"}"""), Is.EqualTo(ToolResult.Ok("echo: fine")));
            Assert.That(mcp.Registry.Registrations.Where(r => r.Source == ToolSource.Mcp).Select(r => r.Name), Is.EqualTo(new[] { "mcp_good_echo" }));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(30)]
    public void TheSdksInitializeTimeOut_IsABackstopPastAgent42s_SoTheReasonNeverDependsOnWhichFiresFirst(int seconds)
    {
        // Both timers once had the same due time on one clock; in CI the SDK's fired first and the hung server was
        // reported as "Initialization timed out", without the limit or the setting.
        var options = McpConnection.ClientOptions(new McpOptions { InitTimeoutSeconds = seconds }, TimeProvider.System, () => { });

        Assert.That(options.InitializationTimeout, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(seconds * 2)));
    }

    [Test]
    public async Task AServerThatFailsItsFirstStart_IsRetried_AndConnects()
    {
        await using var mcp = McpHarness.Create(new McpOptions { StartWaitSeconds = 60, InitTimeoutSeconds = 30, RetryMaxSeconds = 1 });
        var marker = mcp.Directory.Combine("crashed-once");
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["flaky"] = FakeMcpServer.Entry(mcp.Script, Tools("echo"), new Dictionary<string, string> { ["FAKE_CRASH_ONCE"] = marker }),
        });

        // Connected is set before the tools are published to the registry (a status shows them "not registered yet"
        // meanwhile), so the wait is for what the call then uses.
        Assert.That(await Poll.UntilAsync(() => mcp.Status("flaky").State == McpServerState.Connected && mcp.Registry.Find("mcp_flaky_echo") is not null,
            Deadline), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(mcp.Status("flaky").Attempts, Is.EqualTo(2));
            Assert.That(await mcp.CallAsync("mcp_flaky_echo", """{"text":"second time"}"""), Is.EqualTo(ToolResult.Ok("echo: second time")));
        });
    }

    [Test]
    public async Task AServerThatDies_LosesItsTools_ThenComesBack()
    {
        await using var mcp = McpHarness.Create(new McpOptions { StartWaitSeconds = 60, InitTimeoutSeconds = 30, RetryMaxSeconds = 1 });
        await mcp.StartAsync(new Dictionary<string, object> { ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("echo", "exit")) });

        await mcp.CallAsync("mcp_fake_exit");

        // In CI the call came between Connected and the tools' publication to the registry: the wait is for both.
        Assert.That(await Poll.UntilAsync(() => mcp.Status("fake").Attempts == 2 && mcp.Status("fake").State == McpServerState.Connected
            && mcp.Registry.Find("mcp_fake_echo") is not null, Deadline), Is.True, "reconnected after exiting");
        Assert.That(await mcp.CallAsync("mcp_fake_echo", """{"text":"back"}"""), Is.EqualTo(ToolResult.Ok("echo: back")));
    }

    [Test]
    public async Task HostileToolNames_GetValidNamesOfTheirOwn_AndNeverTakeABuiltIn()
    {
        var long2000 = new string('a', 2000);
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("read_file", "../x", long2000, "Echo", "echo", "")),
        });

        var names = mcp.Status("fake").Tools.ToDictionary(t => t.ServerTool, t => t.Name);
        var builtIn = await mcp.CallAsync("read_file");

        Assert.Multiple(async () =>
        {
            Assert.That(names.Values, Has.All.Matches<string?>(ToolNameRule.IsValid));
            Assert.That(names.Values.Distinct().Count(), Is.EqualTo(names.Count));
            Assert.That(names["read_file"], Is.EqualTo("mcp_fake_read_file"));
            Assert.That(names["echo"], Is.EqualTo("mcp_fake_echo"), "the exact name keeps the plain form");
            Assert.That(names["Echo"], Does.Match("^mcp_fake_echo_[0-9a-f]{6}$"));
            Assert.That(names[long2000], Has.Length.EqualTo(49));
            Assert.That(builtIn.Output, Is.EqualTo("builtin"));
            Assert.That(await mcp.CallAsync(names["../x"]!, """{"text":"dots"}"""), Is.EqualTo(ToolResult.Ok("../x: dots")));
            Assert.That(await mcp.CallAsync(names[long2000]!), Is.EqualTo(ToolResult.Ok(long2000 + ": ")));
        });
    }

    [Test]
    public async Task TwoServersWhoseToolsSanitiseAlike_GetDistinctNames()
    {
        await using var mcp = McpHarness.Create();
        var script = mcp.Script;
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["a_b"] = FakeMcpServer.Entry(script, Tools("c")),
            ["a"] = FakeMcpServer.Entry(script, Tools("b_c")),
        });

        var first = mcp.Status("a_b").Tools.Single().Name!;
        var second = mcp.Status("a").Tools.Single().Name!;

        Assert.Multiple(async () =>
        {
            Assert.That(second, Is.EqualTo("mcp_a_b_c"), "the unambiguous one keeps the plain name");
            Assert.That(first, Does.Match("^mcp_a_b_c_[0-9a-f]{6}$"));
            Assert.That(await mcp.CallAsync(first), Is.EqualTo(ToolResult.Ok("c: ")));
            Assert.That(await mcp.CallAsync(second), Is.EqualTo(ToolResult.Ok("b_c: ")));
        });
    }

    [Test]
    public async Task AServersEnvironment_IsTheBaseAndItsEntry_NeverAgent42sSecrets()
    {
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["fake"] = FakeMcpServer.Entry(mcp.Script, Tools("env"), new Dictionary<string, string> { ["GIVEN"] = "yes", ["TOKEN"] = "${SOME_TOKEN}" }),
        });

        var env = JsonSerializer.Deserialize<Dictionary<string, string>>((await mcp.CallAsync("mcp_fake_env")).Output)!;

        Assert.Multiple(() =>
        {
            Assert.That(env, Does.Not.ContainKey("OPENROUTER_API_KEY"));
            Assert.That(env.Values, Has.None.Contains(McpHarness.Secret));
            Assert.That(env["GIVEN"], Is.EqualTo("yes"));
            Assert.That(env["TOKEN"], Is.EqualTo("token-for-one-server"));
            Assert.That(env["PATH"], Is.EqualTo(mcp.Environment["PATH"]));
            Assert.That(env.Keys.Except(McpLaunch.BaseVariables).Except(["GIVEN", "TOKEN", "FAKE_TOOLS"]), Is.Empty.Or.All.StartsWith("_").Or.All.EqualTo("PWD"));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AReadOnlyHint_CountsOnlyWhenTheUserTrustsHints(bool trust)
    {
        await using var mcp = McpHarness.Create(new McpOptions { StartWaitSeconds = 60, InitTimeoutSeconds = 30, TrustReadOnlyHints = trust });
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["fake"] = FakeMcpServer.Entry(mcp.Script, [new { name = "look", readOnly = true }, new { name = "touch" }]),
        });

        Assert.Multiple(() =>
        {
            Assert.That(mcp.Registry.Find("mcp_fake_look")!.Snapshot.IsReadOnly, Is.EqualTo(trust));
            Assert.That(mcp.Registry.Find("mcp_fake_touch")!.Snapshot.IsReadOnly, Is.False);
        });
    }

    [Test]
    public async Task AServerListingTooManyTools_AddsOnlyTheFirstOnes_AndSaysSo()
    {
        await using var mcp = McpHarness.Create();
        await mcp.StartAsync(new Dictionary<string, object>
        {
            ["many"] = FakeMcpServer.Entry(mcp.Script, Tools(Enumerable.Range(0, McpServers.MaxToolsPerServer + 5).Select(i => $"t{i:000}").ToArray())),
        });

        var status = mcp.Status("many");

        Assert.Multiple(() =>
        {
            Assert.That(mcp.Registry.Registrations.Count(r => r.Source == ToolSource.Mcp), Is.EqualTo(McpServers.MaxToolsPerServer));
            Assert.That(status.Tools.Count(t => t.Problem is not null), Is.EqualTo(5));
            Assert.That(status.Tools.Last().Problem, Does.Contain("over the limit of"));
        });
    }
}
