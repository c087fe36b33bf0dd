using Agent42.Cli;
using Agent42.Core.Configuration;
using Agent42.Core.Database;
using Agent42.Core.Hosting;
using Agent42.Core.Mcp;
using Agent42.Core.Plugins;
using Agent42.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Agent42.Hosting;

/// <summary>Builds the generic host a command runs in: configuration, logging and the core services.</summary>
internal static class Agent42Host
{
    /// <param name="console">Where the command runs.</param>
    /// <param name="commandLine">The global options given, as configuration keys.</param>
    /// <param name="configure">Services the command registers before the core's (the shell's approval session).</param>
    public static IHost Build(CliConsole console, IReadOnlyDictionary<string, string?> commandLine, Action<IServiceCollection>? configure = null)
    {
        var configuration = Agent42Configuration.Build(console.CurrentDirectory, console.Environment, commandLine);
        try
        {
            var settings = Agent42Settings.Load(configuration, console.CurrentDirectory);

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ContentRootPath = console.CurrentDirectory,
            });
            builder.Configuration.AddConfiguration(configuration, shouldDisposeConfiguration: true);
            builder.Services.AddSerilog(LoggingSetup.Create(settings, console.Error), dispose: true);
            configure?.Invoke(builder.Services);
            builder.Services.AddAgent42Core(settings);
            builder.Services.AddSingleton(SelfInvocation.ForActivation(console, settings));
            var host = builder.Build();
            Agent42Configuration.ReportDotEnvEditsTo(configuration, host.Services.GetRequiredService<ILogger<DotEnvConfigurationProvider>>());
            // Every degraded state, on stderr only (stdout stays the command's result), on every command until fixed.
            foreach (var problem in host.Services.GetRequiredService<StateStartup>().Run())
            {
                console.Error.WriteLine(problem.ToString());
            }

            return host;
        }
        catch
        {
            configuration.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For the commands that use shared state (run, tasks, routing, the shell, watch): with <c>AGENT42_DATABASE_URL</c>
    /// set, connects once before any work is done, so an unreachable database or unusable schema stops the command with
    /// its one-line error before a model is called (and a finished answer is never lost to it), rather than late.
    /// </summary>
    public static async Task RequireStateAsync(IHost host, CancellationToken cancellationToken)
    {
        if (host.Services.GetService<Agent42Database>() is { } database)
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads the custom tools (from the compile cache where it can) so that one-shot commands see them too.
    /// A rejected file does not stop the command: it is reported on stderr in one line, with a pointer to
    /// <c>agent42 tools check</c>.
    /// </summary>
    /// <param name="host">The host whose registry gets the tools.</param>
    /// <param name="console">Where a rejected file is reported.</param>
    /// <param name="cancellationToken">Stops the loading.</param>
    /// <param name="startMcp">Whether the servers of <c>.mcp.json</c> start too; <c>mcp serve</c> says no.</param>
    public static async Task LoadPluginsAsync(IHost host, CliConsole console, CancellationToken cancellationToken, bool startMcp = true)
    {
        // MCP servers start first so they come up while the plugins load; their tools are awaited after.
        var mcp = startMcp ? await StartMcpAsync(host, console).ConfigureAwait(false) : null;
        var manager = host.Services.GetRequiredService<PluginManager>();
        foreach (var e in await manager.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Kind == PluginEventKind.Rejected)
            {
                var file = Path.GetRelativePath(console.CurrentDirectory, e.FilePath);
                var first = e.Diagnostics.FirstOrDefault(d => d.IsError);
                await console.Error.WriteLineAsync(
                    $"warning: {file} was not loaded: {first?.ToString() ?? "rejected"} (see: agent42 tools check {file})").ConfigureAwait(false);
            }
        }

        if (mcp is not null)
        {
            await mcp.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the MCP servers of <c>.mcp.json</c> in the background, writing each problem of the file on stderr in one
    /// line; the rest of Agent42, and the servers whose entries are fine, go on.
    /// </summary>
    public static async Task<McpServers> StartMcpAsync(IHost host, CliConsole console)
    {
        var mcp = host.Services.GetRequiredService<McpServers>();
        foreach (var problem in mcp.Start().Problems)
        {
            await console.Error.WriteLineAsync($"warning: {problem}").ConfigureAwait(false);
        }

        return mcp;
    }
}
