using Agent42.Core.Mcp;
using Agent42.Core.Tools;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Mcp;

/// <summary>A registry with a built-in <c>read_file</c> and the MCP servers of a <c>.mcp.json</c> the test writes, run for real.</summary>
internal sealed class McpHarness : IAsyncDisposable
{
    public const string Secret = "sk-or-v1-never-leaves";

    private McpHarness(TempDirectory directory, McpOptions options, ToolOptions toolOptions)
    {
        Directory = directory;
        Registry = new ToolRegistry([DelegateTool.Returning("read_file", "builtin")], toolOptions, TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME"),
            ["OPENROUTER_API_KEY"] = Secret,
            ["SOME_TOKEN"] = "token-for-one-server",
        };
        ConfigFile = directory.Combine(".mcp.json");
        Servers = new McpServers(options, toolOptions, ConfigFile, directory.Path, name => Environment.GetValueOrDefault(name), Registry,
            TimeProvider.System, NullLogger<McpServers>.Instance);
    }

    public TempDirectory Directory { get; }

    public string ConfigFile { get; }

    public Dictionary<string, string?> Environment { get; }

    public ToolRegistry Registry { get; }

    public McpServers Servers { get; }

    /// <summary>The SDK-based fake server's script (see <see cref="FakeMcpServer"/>).</summary>
    public string Script => FakeMcpServer.Write(Directory);

    public string Log => Directory.Combine("fake.log");

    public static McpHarness Create(McpOptions? options = null, ToolOptions? toolOptions = null)
    {
        McpPeers.OrSkip();
        return new McpHarness(new TempDirectory(), options ?? new McpOptions { StartWaitSeconds = 60, InitTimeoutSeconds = 30 },
            toolOptions ?? new ToolOptions { ToolTimeoutSeconds = 30 });
    }

    /// <summary>Writes the configuration, starts the servers and waits for every first attempt.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, object> servers)
    {
        FakeMcpServer.WriteConfig(ConfigFile, servers);
        await Servers.WaitForStartAsync(CancellationToken.None);
    }

    public McpServerStatus Status(string server) => Servers.Statuses().Single(s => s.Config.Name == server);

    public Task<Agent42.Sdk.ToolResult> CallAsync(string tool, string argumentsJson = "{}")
    {
        using var arguments = System.Text.Json.JsonDocument.Parse(argumentsJson);
        return Registry.ExecuteAsync(tool, arguments.RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        await Servers.DisposeAsync();
        Directory.Dispose();
    }
}
