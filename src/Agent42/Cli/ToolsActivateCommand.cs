using System.CommandLine;
using Agent42.Core.Plugins.Isolation;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary>
/// <c>agent42 tools activate</c> (hidden): the throwaway child of <c>tools check</c>. Reads one compiled tool file
/// on stdin, runs its load-time code under the load deadline and answers with one JSON line on stdout.
/// </summary>
internal static class ToolsActivateCommand
{
    public const string Name = "activate";

    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command(Name, "Internal: activates one compiled tool file for 'tools check', in a process of its own") { Hidden = true };
        command.SetAction(parse =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            host.Services.GetRequiredService<ActivationChild>().Run(console.Input, console.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
