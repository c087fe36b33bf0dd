using System.Text.Json;
using Agent42.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agent42.Tests.Mcp;

/// <summary>
/// <c>agent42 mcp serve</c> as a separate process, driven by the C# SDK's client. The hostile cases, written first: a
/// client that calls an unknown tool, calls during a reload, cancels, or goes away mid-call; a tool file that breaks,
/// hangs past its time-out, ignores its token or throws; read-only mode and the workspace sandbox. Garbage, huge
/// lines and stray output are <see cref="McpServeStdioTests"/>; HTTP is <see cref="McpServeHttpTests"/>.
/// </summary>
[Category("Mcp")]
public sealed class McpServeTests
{
    private static readonly Dictionary<string, object?> NoArguments = [];

    [Test]
    public async Task Serve_ListsBuiltInAndCustomTools_WithTheirSchemas_AndCallsBoth()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/shout.cs", PluginSources.Typed("shout", "arguments.Text.ToUpperInvariant()"));
        workspace.Write("notes.txt", "hello");
        await using var session = await McpServeSession.StartAsync(workspace.Path);

        var tools = await session.ListUntilAsync(list => list.Any(t => t.Name == "shout"));
        Assert.That(tools.Select(t => t.Name), Is.SupersetOf(new[] { "read_file", "write_file", "shell", "list_dir", "shout" }));
        var shout = tools.Single(t => t.Name == "shout");
        Assert.That(shout.Description, Is.EqualTo("A test tool."));
        Assert.That(shout.JsonSchema.GetProperty("properties").TryGetProperty("text", out _), Is.True, shout.JsonSchema.GetRawText());
        Assert.That(tools.Single(t => t.Name == "read_file").ProtocolTool.Annotations?.ReadOnlyHint, Is.True);
        Assert.That(tools.Single(t => t.Name == "write_file").ProtocolTool.Annotations?.ReadOnlyHint, Is.False);

        var custom = await session.Client.CallToolAsync("shout", new Dictionary<string, object?> { ["text"] = "quiet" });
        Assert.That((custom.IsError == true, Text(custom)), Is.EqualTo((false, "QUIET")));
        var builtIn = await session.Client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "notes.txt" });
        Assert.That(builtIn.IsError, Is.Not.True, Text(builtIn));
        Assert.That(Text(builtIn), Does.Contain("hello"));
    }

    [Test]
    public async Task Serve_HonoursTheGlobalWorkspaceToolsDirAndDataDirOptions()
    {
        using var elsewhere = new TempDirectory();
        using var workspace = new TempDirectory();
        using var tools = new TempDirectory();
        using var data = new TempDirectory();
        workspace.Write("notes.txt", "in the workspace");
        elsewhere.Write("notes.txt", "in the current directory");
        tools.Write("whisper.cs", PluginSources.Typed("whisper", "arguments.Text.ToLowerInvariant()"));
        await using var session = await McpServeSession.StartAsync(
            elsewhere.Path, null, null, "--workspace", workspace.Path, "--tools-dir", tools.Path, "--data-dir", data.Path);

        var listed = await session.ListUntilAsync(list => list.Any(t => t.Name == "whisper"));
        var read = await session.Client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "notes.txt" });
        var custom = await session.Client.CallToolAsync("whisper", new Dictionary<string, object?> { ["text"] = "LOUD" });

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(t => t.Name), Does.Contain("whisper"));
            Assert.That(Text(read), Does.Contain("in the workspace"));
            Assert.That(Text(custom), Is.EqualTo("loud"));
            Assert.That(Directory.Exists(elsewhere.Combine("custom_tools")), Is.False, "the default tools directory was used");
            Assert.That(Directory.EnumerateFileSystemEntries(data.Path), Is.Not.Empty, "nothing was written to --data-dir");
        });
    }

    [Test]
    public async Task ToolFileAddedChangedBrokenAndRemoved_EachSendsListChanged_AndABrokenEditKeepsTheLastGoodVersion()
    {
        using var workspace = new TempDirectory();
        Directory.CreateDirectory(workspace.Combine("custom_tools"));
        await using var session = await McpServeSession.StartAsync(workspace.Path);
        await session.ListUntilAsync(list => list.Any(t => t.Name == "read_file"));

        var seen = session.ListChangedCount;
        workspace.Rewrite("custom_tools/live.cs", McpToolSources.Answers("live", "one"));
        await session.WaitForListChangedAsync(seen);
        await session.ListUntilAsync(list => list.Any(t => t.Name == "live" && t.Description == "Answers one."));
        Assert.That(Text(await session.Client.CallToolAsync("live", NoArguments)), Is.EqualTo("one"));

        seen = session.ListChangedCount;
        workspace.Rewrite("custom_tools/live.cs", McpToolSources.Answers("live", "two"));
        await session.WaitForListChangedAsync(seen);
        await session.ListUntilAsync(list => list.Any(t => t.Name == "live" && t.Description == "Answers two."));
        Assert.That(Text(await session.Client.CallToolAsync("live", NoArguments)), Is.EqualTo("two"));

        seen = session.ListChangedCount;
        workspace.Rewrite("custom_tools/live.cs", McpToolSources.Broken);
        await session.WaitForListChangedAsync(seen);
        var afterBreak = await session.Client.CallToolAsync("live", NoArguments);
        Assert.That((afterBreak.IsError == true, Text(afterBreak)), Is.EqualTo((false, "two")), "the last good version still answers");
        // stderr is its own pipe, read beside the protocol: the line may land after the notification.
        var rejectedSaid = await Poll.UntilAsync(() => session.Stderr.Any(l => l.Contains("rejected", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        Assert.That(rejectedSaid, Is.True, string.Join('\n', session.Stderr));

        seen = session.ListChangedCount;
        File.Delete(workspace.Combine("custom_tools/live.cs"));
        await session.WaitForListChangedAsync(seen);
        await session.ListUntilAsync(list => list.All(t => t.Name != "live"));
        Assert.ThrowsAsync<McpProtocolException>(async () => await session.Client.CallToolAsync("live", NoArguments));
    }

    [Test]
    public async Task AClientOnThe20260728Revision_HearsListChangedOverItsSubscriptionsListenStream()
    {
        using var workspace = new TempDirectory();
        Directory.CreateDirectory(workspace.Combine("custom_tools"));
        await using var session = await McpServeSession.StartAsync(workspace.Path, null, "2026-07-28");
        await session.ListUntilAsync(list => list.Any(t => t.Name == "read_file"));

        // This revision has no session-wide notices: a client asks for them with a long-lived subscriptions/listen.
        using var stop = new CancellationTokenSource();
        var listen = session.Client.SendRequestAsync(new JsonRpcRequest
        {
            Method = "subscriptions/listen",
            Params = System.Text.Json.Nodes.JsonNode.Parse("""{"notifications":{"toolsListChanged":true}}"""),
        }, stop.Token);
        // The stream is set up while the request is in flight: an edit that comes first is not heard on it, so edit again.
        var heard = false;
        for (var attempt = 0; attempt < 3 && !heard; attempt++)
        {
            workspace.Rewrite("custom_tools/late.cs", McpToolSources.Answers("late", $"attempt {attempt}"));
            heard = await Poll.UntilAsync(() => session.ListChangedCount > 0, TimeSpan.FromSeconds(20));
        }

        Assert.That(listen.IsCompleted, Is.False, "the listen stream stays open");
        await stop.CancelAsync();
        Assert.That(heard, Is.True, "list_changed over the listen stream\n" + string.Join('\n', session.Stderr));
    }

    [Test]
    public async Task CallInFlight_DuringAReload_FinishesOnTheVersionItStartedOn()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/slow.cs", McpToolSources.Answers("slow", "old", waitFor: "release"));
        await using var session = await McpServeSession.StartAsync(workspace.Path);
        await session.ListUntilAsync(list => list.Any(t => t.Name == "slow"));

        var inFlight = session.Client.CallToolAsync("slow", NoArguments).AsTask();
        Assert.That(await Poll.UntilAsync(() => File.Exists(workspace.Combine("started")), TimeSpan.FromMinutes(1)), Is.True, "the old version started");
        workspace.Rewrite("custom_tools/slow.cs", McpToolSources.Answers("slow", "new"));
        await session.ListUntilAsync(list => list.Any(t => t.Name == "slow" && t.Description == "Answers new."));
        Assert.That(Text(await session.Client.CallToolAsync("slow", NoArguments)), Is.EqualTo("new"), "a new call runs the new version");

        File.WriteAllText(workspace.Combine("release"), "go");
        var finished = await inFlight.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.That((finished.IsError == true, Text(finished)), Is.EqualTo((false, "old")));
    }

    [Test]
    public async Task ClientCancellation_ReachesTheToolsToken()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/wait.cs", McpToolSources.WaitsForCancellation("wait_cancel", "cancelled.marker"));
        await using var session = await McpServeSession.StartAsync(workspace.Path);
        await session.ListUntilAsync(list => list.Any(t => t.Name == "wait_cancel"));

        using var cancel = new CancellationTokenSource();
        var call = session.Client.CallToolAsync("wait_cancel", NoArguments, cancellationToken: cancel.Token).AsTask();
        Assert.That(call.IsCompleted, Is.False);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(async () => await call);

        Assert.That(await Poll.UntilAsync(() => File.Exists(workspace.Combine("cancelled.marker")), TimeSpan.FromMinutes(1)), Is.True,
            "the tool saw notifications/cancelled as its token\n" + string.Join('\n', session.Stderr));
        Assert.That(Text(await session.Client.CallToolAsync("list_dir", NoArguments)), Does.Contain("cancelled.marker"), "the server goes on");
    }

    [Test]
    public async Task AToolThatHangsThrowsOrIsUnknown_IsAnErrorResult_AndTheServerGoesOn()
    {
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/hang.cs", McpToolSources.Hangs("hang_forever"));
        workspace.Write("custom_tools/throw.cs", McpToolSources.Throws("throw_up", "the tool broke on purpose"));
        await using var session = await McpServeSession.StartAsync(workspace.Path, new Dictionary<string, string?> { ["TOOL_TIMEOUT_SECONDS"] = "1" });
        await session.ListUntilAsync(list => list.Any(t => t.Name == "hang_forever") && list.Any(t => t.Name == "throw_up"));

        var hung = await session.Client.CallToolAsync("hang_forever", NoArguments);
        Assert.That((hung.IsError == true, Text(hung)), Is.EqualTo((true, "Tool 'hang_forever' timed out after 1 s")));

        var threw = await session.Client.CallToolAsync("throw_up", NoArguments);
        Assert.That(threw.IsError, Is.True);
        Assert.That(Text(threw), Does.Contain("the tool broke on purpose"));

        var unknown = Assert.ThrowsAsync<McpProtocolException>(async () => await session.Client.CallToolAsync("no_such_tool", NoArguments));
        Assert.That(unknown!.Message, Does.Contain("no_such_tool"));

        var failed = await session.Client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "missing.txt" });
        Assert.That(failed.IsError, Is.True, "a failed ToolResult is isError");
        Assert.That((await session.Client.ListToolsAsync()).Count, Is.GreaterThan(5), "still serving");
    }

    [Test]
    public async Task ReadOnly_RefusesToolsThatWrite_WithTheReason_AndTheSandboxHoldsInEveryMode()
    {
        using var workspace = new TempDirectory();
        workspace.Write("notes.txt", "hello");
        await using var session = await McpServeSession.StartAsync(workspace.Path, null, null, "--read-only");

        var write = await session.Client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = "new.txt", ["content"] = "x" });
        Assert.That(write.IsError, Is.True);
        Assert.That(Text(write), Does.Contain("read-only"));
        Assert.That(File.Exists(workspace.Combine("new.txt")), Is.False);
        var shell = await session.Client.CallToolAsync("shell", new Dictionary<string, object?> { ["command"] = "touch ran" });
        Assert.That(shell.IsError, Is.True);
        Assert.That(File.Exists(workspace.Combine("ran")), Is.False);

        var read = await session.Client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "notes.txt" });
        Assert.That(Text(read), Does.Contain("hello"), "read-only tools still run");
        var outside = await session.Client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "../../etc/passwd" });
        Assert.That(outside.IsError, Is.True, "the workspace sandbox: " + Text(outside));
    }

    private static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
