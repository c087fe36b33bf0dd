using System.CommandLine;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Tools;
using Agent42.Hosting;
using Agent42.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Cli;

/// <summary>
/// <c>agent42 mcp serve</c>: every registered tool over MCP (stdio, or Streamable HTTP on loopback), with the tools
/// directory watched so that edits reach clients as <c>notifications/tools/list_changed</c>.
/// </summary>
internal static class McpServeCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var http = new Option<string?>("--http")
        {
            Description = "Serve Streamable HTTP at http://ADDRESS:PORT/mcp instead of stdio; ADDRESS must be loopback (127.0.0.1, [::1], localhost)",
            HelpName = "ADDRESS:PORT",
        };
        var readOnly = new Option<bool>("--read-only")
        {
            Description = "Refuse every call of a tool that writes, edits, runs a command or sends a request; read-only tools still run",
        };
        var command = new Command("serve", "Serve the built-in and custom tools over MCP (stdio by default), reloading custom tools live") { http, readOnly };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpointText = parse.GetValue(http);
            System.Net.IPEndPoint? endpoint = null;
            if (endpointText is not null)
            {
                try
                {
                    endpoint = LoopbackEndpoint.Parse(endpointText);
                }
                catch (FormatException ex)
                {
                    throw new UsageException(ex.Message);
                }
            }

            // Over stdio, stdout is the protocol: the process's own stream goes to the transport, and everything that
            // would print (a library's Console.Write included) goes to stderr instead.
            var protocolOut = endpoint is null ? TakeStandardOutput(console) : null;
            var logConsole = console with { Out = console.Error };
            using var host = Agent42Host.Build(logConsole, globals.ToConfiguration(parse));
            await RootWarning.WriteIfRootAsync(logConsole).ConfigureAwait(false);
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);

            var services = host.Services;
            var mode = Mode(parse.GetValue(readOnly), services.GetRequiredService<IConfiguration>());
            var settings = services.GetRequiredService<Agent42Settings>();
            var time = services.GetRequiredService<TimeProvider>();
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var registry = services.GetRequiredService<ToolRegistry>();
            var manager = services.GetRequiredService<PluginManager>();
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tools = new RegistryToolCollection(registry, mode, loggers.CreateLogger("Agent42.Mcp"), stopping.Token);
            var gate = new Lock();
            registry.Changed += (_, _) => tools.Notify();
            manager.Changed += (_, e) =>
            {
                // A rejected edit leaves the registry as it was (the last good version serves); clients hear of it too.
                if (e.Kind == PluginEventKind.Rejected)
                {
                    tools.Notify();
                }

                lock (gate)
                {
                    console.Error.Write(PluginEventText.Format(e, settings.ToolsDirectory, time.GetLocalNow()));
                    console.Error.Flush();
                }
            };

            Directory.CreateDirectory(settings.ToolsDirectory);
            manager.StartWatching();
            // A server never starts the servers of .mcp.json: the entry a user adds for their MCP client (this very command)
            // sits in the same file, and a serve that consumed it would start itself, which would start itself, ... It serves
            // Agent42's own tools, not a second copy of the client's other servers.
            await Agent42Host.LoadPluginsAsync(host, logConsole, cancellationToken, startMcp: false).ConfigureAwait(false);
            tools.Notify();
            services.GetRequiredService<BackgroundMaintenance>().Start();
            _ = Task.Run(() => services.GetRequiredService<PluginCompiler>().WarmUp(), CancellationToken.None);
            await console.Error.WriteLineAsync(
                $"agent42 mcp serve: {registry.List().Count} tools, approval {ApprovalModes.Name(mode)}, watching {settings.ToolsDirectory}").ConfigureAwait(false);

            if (endpoint is not null)
            {
                await McpHttpServer.RunAsync(endpoint, tools, loggers, console.Error, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var input = new EndOfInputStream(Console.OpenStandardInput(), stopping.Cancel);
                await McpStdioServer.RunAsync(input, protocolOut!, tools, loggers, services, cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// No interactive approval over MCP, where the client asks its user before a call: <c>auto</c> within the sandbox,
    /// or <c>read-only</c> when <c>--read-only</c> is given or <c>AGENT42_APPROVAL</c> / <c>--approval</c> says so.
    /// </summary>
    public static ApprovalMode Mode(bool readOnly, IConfiguration configuration) =>
        readOnly || OptionsLoader.Load<ApprovalOptions>(configuration).ModeOr(ApprovalMode.Auto) == ApprovalMode.ReadOnly
            ? ApprovalMode.ReadOnly
            : ApprovalMode.Auto;

    private static Stream TakeStandardOutput(CliConsole console)
    {
        if (!ReferenceEquals(console.Out, Console.Out))
        {
            throw new UsageException("mcp serve over stdio needs the process's own standard output; use --http here");
        }

        var output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        return output;
    }
}
