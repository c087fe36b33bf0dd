using System.CommandLine;

namespace Agent42.Cli;

/// <summary><c>agent42 mcp ...</c>: Agent42 and the Model Context Protocol.</summary>
internal static class McpCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command(
            "mcp", "Agent42 and the Model Context Protocol: serve Agent42's tools to MCP clients, list the servers of .mcp.json");
        command.Subcommands.Add(McpServeCommand.Create(globals, console));
        command.Subcommands.Add(McpListCommand.Create(globals, console));
        return command;
    }
}
