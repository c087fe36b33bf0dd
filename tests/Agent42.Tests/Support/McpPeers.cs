namespace Agent42.Tests.Support;

/// <summary>
/// The real MCP peers installed from npm by <c>.ci/run</c> (<c>npm ci --prefix tests/mcp-peers</c>, versions pinned in
/// <c>tests/mcp-peers/package-lock.json</c>): the official TypeScript SDK and the reference server
/// <c>@modelcontextprotocol/server-everything</c>. Tests that need them are skipped with the reason where they are not
/// installed, so README's test command needs only the .NET SDK, and failed instead when
/// <c>AGENT42_TEST_REQUIRE_MCP_PEERS=1</c> (CI).
/// </summary>
internal static class McpPeers
{
    public const string RequireVariable = "AGENT42_TEST_REQUIRE_MCP_PEERS";

    /// <summary>Overrides where the peers are installed (a folder holding <c>node_modules</c>).</summary>
    public const string DirectoryVariable = "AGENT42_TEST_MCP_PEERS";

    /// <summary>The folder holding <c>package.json</c> and <c>node_modules</c>; node scripts run with it as their working
    /// directory so <c>import "@modelcontextprotocol/sdk/..."</c> resolves.</summary>
    public static string Directory => Locate() ?? throw new InvalidOperationException("call OrSkip first");

    /// <summary>The reference server's entry point (run as <c>node &lt;it&gt; stdio</c>).</summary>
    public static string EverythingServer =>
        Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>The <c>node</c> executable (on PATH).</summary>
    public static string Node => "node";

    /// <summary>Skips (or, in CI, fails) the calling test unless node and both peers are installed.</summary>
    public static void OrSkip()
    {
        var problem = Problem();
        if (problem is null)
        {
            return;
        }

        var message = $"MCP peers not installed ({problem}); run `npm ci --prefix tests/mcp-peers` to run this test";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{RequireVariable}=1: {message}");
        }

        Assert.Ignore(message);
    }

    private static string? Problem()
    {
        var directory = Locate();
        if (directory is null)
        {
            return "tests/mcp-peers not found above " + AppContext.BaseDirectory;
        }

        foreach (var package in new[] { "sdk", "server-everything" })
        {
            var manifest = Path.Combine(directory, "node_modules", "@modelcontextprotocol", package, "package.json");
            if (!File.Exists(manifest))
            {
                return "no " + manifest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "node")));
        return onPath ? null : "node is not on PATH";
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } overridden)
        {
            return overridden;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "mcp-peers");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}
