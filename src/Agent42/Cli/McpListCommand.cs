using System.CommandLine;
using System.Globalization;
using System.Text;
using Agent42.Core.Mcp;
using Agent42.Hosting;

namespace Agent42.Cli;

/// <summary><c>agent42 mcp list [--json]</c>: each configured MCP server, its state, and its tools.</summary>
internal static class McpListCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array: [{name, transport, command, args, url, state, reason, retry_at, attempts, tools: [{name, server_name, problem}]}]" };
        var command = new Command("list", "Each MCP server of .mcp.json (or AGENT42_MCP_CONFIG): transport, state and tools; waits for them as a task would (MCP_START_WAIT_SECONDS)") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var mcp = await Agent42Host.StartMcpAsync(host, console).ConfigureAwait(false);
            await mcp.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
            var statuses = mcp.Statuses();
            var text = parse.GetValue(json) ? McpListJson.Write(statuses) : Text(mcp.Config, statuses);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            // The servers may be down (that is what this shows); a file that could not be used whole or in part is a failure.
            return mcp.Config.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static string Text(McpConfig config, IReadOnlyList<McpServerStatus> statuses)
    {
        if (statuses.Count == 0)
        {
            return $"No MCP servers configured in {config.File}.\n";
        }

        var text = new StringBuilder();
        foreach (var status in statuses)
        {
            text.Append(CultureInfo.InvariantCulture, $"{status.Config.Name} ({McpListJson.TransportName(status.Config.Transport)}: {status.Config.Target}): ");
            text.Append(status.State switch
            {
                McpServerState.Connected => $"connected, {status.Tools.Count(t => t.Name is not null)} tools",
                McpServerState.Starting => "starting",
                _ => $"failed: {status.Reason}; retrying at {status.RetryAt:yyyy-MM-dd HH:mm:ss} UTC",
            });
            text.Append(CultureInfo.InvariantCulture, $" (attempt {status.Attempts})\n");
            foreach (var tool in status.Tools)
            {
                text.Append(tool.Name is { } name ? $"  {name} <- {tool.ServerTool}\n" : $"  (left out) {tool.ServerTool}: {tool.Problem}\n");
            }
        }

        return text.ToString();
    }
}
