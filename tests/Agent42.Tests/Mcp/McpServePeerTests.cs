using System.Diagnostics;
using System.Text.Json;
using Agent42.Tests.Support;

namespace Agent42.Tests.Mcp;

/// <summary>
/// <c>agent42 mcp serve</c> against the real peer the issue names: the official TypeScript SDK's client (node scripts
/// under Fixtures/mcp, which print one JSON line per step).
/// </summary>
[Category("Mcp")]
public sealed class McpServePeerTests
{
    [Test]
    public async Task TypeScriptClient_OverStdio_ListsCallsFollowsReloadsAndCancels()
    {
        McpPeers.OrSkip();
        using var workspace = new TempDirectory();
        workspace.Write("custom_tools/shout.cs", PluginSources.Typed("shout", "arguments.Text.ToUpperInvariant()"));
        workspace.Write("custom_tools/wait.cs", McpToolSources.WaitsForCancellation("wait_cancel", "cancel.marker"));
        workspace.Write("notes.txt", "hello");
        var serve = Agent42Process.StartInfo(workspace.Path, null, "mcp", "serve");

        var steps = await RunScriptAsync("serve-stdio.mjs", new Dictionary<string, string>
        {
            ["A42_COMMAND"] = JsonSerializer.Serialize(new[] { serve.FileName }.Concat(serve.ArgumentList)),
            ["A42_WORKSPACE"] = workspace.Path,
            ["A42_ADDED_V1"] = McpToolSources.Answers("added", "first version"),
            ["A42_BROKEN"] = McpToolSources.Broken,
            ["MODEL_RESEARCH_ENABLED"] = "false",
        });

        Assert.That(steps["connect"].GetProperty("listChanged").GetBoolean(), Is.True, "tools.listChanged is advertised");
        var names = steps["list"].GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToArray();
        Assert.That(names, Is.SupersetOf(new[] { "read_file", "write_file", "edit_file", "list_dir", "grep", "shell", "http_request", "shout", "wait_cancel" }));
        Assert.That(steps["list"].GetProperty("shout").GetProperty("inputSchema").GetProperty("properties").TryGetProperty("text", out _), Is.True);
        Assert.That(steps["custom"].GetProperty("text").GetString(), Is.EqualTo("HI THERE"));
        Assert.That(steps["builtin"].GetProperty("text").GetString(), Does.Contain("notes.txt"));
        Assert.That(steps["added"].GetProperty("text").GetString(), Is.EqualTo("first version"));
        Assert.That(steps["broken"].GetProperty("text").GetString(), Is.EqualTo("first version"), "a broken edit keeps the last good version");
        Assert.That(steps["broken"].GetProperty("listed").GetBoolean(), Is.True);
        Assert.That(steps["removed"].GetProperty("names").EnumerateArray().Select(n => n.GetString()), Does.Not.Contain("added"));
        Assert.That(steps["cancel"].GetProperty("outcome").GetString(), Does.StartWith("rejected"));
        Assert.That(File.Exists(workspace.Combine("cancel.marker")), Is.True, "the tool's token fired on notifications/cancelled");
        Assert.That(steps["done"].GetProperty("stderrHasRejection").GetBoolean(), Is.True, "the rejected edit is reported on stderr");
    }

    [Test]
    public async Task TwoTypeScriptClients_OverStreamableHttp_BothCallAndBothHearListChanged()
    {
        McpPeers.OrSkip();
        using var workspace = new TempDirectory();
        Directory.CreateDirectory(workspace.Combine("custom_tools"));
        await using var server = await HttpServe.StartAsync(workspace.Path);

        var steps = await RunScriptAsync("serve-http.mjs", new Dictionary<string, string>
        {
            ["A42_URL"] = server.Url,
            ["A42_WORKSPACE"] = workspace.Path,
            ["A42_ADDED_V1"] = McpToolSources.Answers("added", "over http"),
        });

        Assert.That(steps["connect"].GetProperty("listChanged").GetBoolean(), Is.True);
        Assert.That(steps["call"].GetProperty("isError").GetBoolean(), Is.False);
        Assert.That(steps["added"].GetProperty("both").GetBoolean(), Is.True);
        Assert.That(steps["added"].GetProperty("text").GetString(), Is.EqualTo("over http"));
    }

    /// <summary>Runs a peer script with the peers' folder as its working directory; returns its steps by name.</summary>
    private static async Task<Dictionary<string, JsonElement>> RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(McpPeers.Node)
        {
            WorkingDirectory = McpPeers.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mcp", script));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        var output = await stdout;
        var steps = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var step = JsonDocument.Parse(line).RootElement.Clone();
            steps[step.GetProperty("step").GetString()!] = step;
        }

        Assert.That(steps.ContainsKey("failed"), Is.False, $"{output}\n{await stderr}");
        Assert.That(steps.ContainsKey("done"), Is.True, $"the script did not finish:\n{output}\n{await stderr}");
        return steps;
    }
}
