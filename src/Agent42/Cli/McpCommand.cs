using System.CommandLine;

namespace Agent42.Cli;

/// <summary><c>agent42 mcp ...</c>: Agent42 and the Model Context Protocol.</summary>
internal static class McpCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var mcp = new Command("mcp", "MCP: the servers of .mcp.json whose tools the agent uses");
        mcp.Subcommands.Add(McpListCommand.Create(globals, console));
        return mcp;
    }
}
