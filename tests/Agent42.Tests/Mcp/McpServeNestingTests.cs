using System.Text.Json;
using Agent42.Tests.Cli;
using Agent42.Tests.Support;

namespace Agent42.Tests.Mcp;

/// <summary>
/// The entry README tells a user to add for their MCP client (<c>agent42 mcp serve</c>) goes into the workspace's
/// <c>.mcp.json</c>, the same file Agent42 reads for the servers it consumes. A serve that started that file's servers
/// would start itself, which would start itself, and so on; it serves Agent42's own tools and starts none.
/// </summary>
[Category("Mcp")]
public sealed class McpServeNestingTests
{
    [Test]
    public async Task Serve_StartsNoneOfTheServersInMcpJson()
    {
        using var workspace = new TempDirectory();
        var marker = workspace.Combine("server-started");
        FakeMcpServer.WriteConfig(workspace.Combine(".mcp.json"), new Dictionary<string, object>
        {
            ["other"] = new { command = "bash", args = new[] { "-c", $"touch '{marker}'; exec sleep 60" } },
        });
        await using var session = await McpServeSession.StartAsync(workspace.Path);

        // The first tools/list is answered once the tools are loaded: a serve that started the servers of .mcp.json had
        // spawned them (and waited for them) by then.
        var tools = await session.Client.ListToolsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(t => t.Name), Does.Contain("read_file"));
            Assert.That(tools.Where(t => t.Name.StartsWith("mcp_", StringComparison.Ordinal)), Is.Empty);
            Assert.That(File.Exists(marker), Is.False, "mcp serve started a server of .mcp.json");
        });
    }

    [Test]
    public async Task AnAgent42WhoseMcpJsonListsItsOwnServe_UsesThatServersTools_OneLevelDeep()
    {
        using var cli = new CliRun();
        var serve = Agent42Process.StartInfo(cli.Directory.Path, null, "mcp", "serve");
        FakeMcpServer.WriteConfig(cli.Directory.Combine(".mcp.json"), new Dictionary<string, object>
        {
            ["agent42"] = new
            {
                command = serve.FileName,
                args = serve.ArgumentList.ToArray(),
                env = new Dictionary<string, string> { ["MODEL_RESEARCH_ENABLED"] = "false", ["DOTNET_NOLOGO"] = "1" },
            },
        });
        cli.Environment["MCP_START_WAIT_SECONDS"] = "120";
        cli.Environment["MCP_INIT_TIMEOUT_SECONDS"] = "120";

        var listed = await cli.RunAsync("tools", "list", "--json");

        Assert.That(listed.ExitCode, Is.Zero, listed.Error);
        using var json = JsonDocument.Parse(listed.Out);
        var names = json.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("mcp_agent42_read_file"), listed.Error);
            Assert.That(names.Where(n => n.StartsWith("mcp_agent42_mcp_", StringComparison.Ordinal)), Is.Empty);
        });
    }
}
