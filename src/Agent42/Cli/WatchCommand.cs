using System.CommandLine;
using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Tools;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 watch</c>: runs the host with custom tools live, printing one line per change.</summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per event on stdout: {event, file, tools, ms, from_cache, diagnostics}" };
        var command = new Command("watch", "Load built-in and custom tools, then watch the tools directory and hot-reload on every change until Ctrl+C") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var asJson = parse.GetValue(json);
            var settings = host.Services.GetRequiredService<Agent42Settings>();
            var time = host.Services.GetRequiredService<TimeProvider>();
            var manager = host.Services.GetRequiredService<PluginManager>();
            var gate = new Lock();
            void Print(PluginEvent e)
            {
                var line = asJson ? PluginEventJson.Format(e) : PluginEventText.Format(e, settings.ToolsDirectory, time.GetLocalNow());
                lock (gate)
                {
                    console.Out.Write(line);
                    console.Out.Flush();
                }
            }

            Directory.CreateDirectory(settings.ToolsDirectory);
            manager.Changed += (_, e) => Print(e);
            manager.StartWatching();
            foreach (var e in await manager.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Print(e);
            }

            var registry = host.Services.GetRequiredService<ToolRegistry>();
            await console.Error.WriteLineAsync(
                $"watching {settings.ToolsDirectory} ({registry.List().Count} tools live{(manager.IsWatching ? string.Empty : ", polling")}); " +
                "edit a .cs or .csx file to reload it, Ctrl+C to stop").ConfigureAwait(false);

            host.Services.GetRequiredService<BackgroundMaintenance>().Start();

            // Take Roslyn's cold start off the user's first edit.
            _ = Task.Run(() => host.Services.GetRequiredService<PluginCompiler>().WarmUp(), CancellationToken.None);
            // Until Ctrl+C cancels the token.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
