using System.CommandLine;
using Agent42.Core.Configuration;
using Agent42.Logging;

namespace Agent42.Cli;

/// <summary>The <c>agent42</c> command line: parses, runs the command, and turns every failure into one clear line.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            "Agent42: an AI agent for the terminal, with tools you can write in C# and drop into custom_tools/.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(ToolsCommand.Create(globals, console));
        root.Subcommands.Add(WatchCommand.Create(globals, console));
        root.Subcommands.Add(ModelsCommand.Create(globals, console));
        root.Subcommands.Add(RunCommand.Create(globals, console));
        root.Subcommands.Add(RoutingCommand.Create(globals, console));
        root.Subcommands.Add(ResearchCommand.Create(globals, console));
        root.Subcommands.Add(DbCommand.Create(globals, console));
        root.Subcommands.Add(TasksCommand.Create(globals, console));
        root.Subcommands.Add(McpCommand.Create(globals, console));
        // Bare `agent42` is the interactive shell; --resume (bare only) continues the last saved conversation, or the one named.
        var resume = new Option<string?>("--resume")
        {
            Description = "Start the shell in the last saved conversation, or in the session named",
            Arity = ArgumentArity.ZeroOrOne,
        };
        root.Options.Add(resume);
        root.SetAction((parse, cancellationToken) => Shell.RunAsync(globals.ToConfiguration(parse), console, cancellationToken,
            parse.GetResult(resume) is null ? null : parse.GetValue(resume) ?? string.Empty));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'agent42 --help' to see the commands and options.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Agent42.Core.Agent.AgentRunException or Agent42.Core.Routing.RoutingException)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Agent42.Core.Database.DatabaseUnavailableException ex)
        {
            // Never a silent fall-back to the files store: the command stops, saying which database and why.
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        catch (Exception ex) when (ex is UsageException or ConfigurationException)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex)
        {
            var detailed = LoggingSetup.IsDetailed(LoggingSetup.ParseLevel(
                parse.GetValue(globals.LogLevel) ?? console.Environment.GetValueOrDefault("AGENT42_LOG_LEVEL")));
            await console.Error.WriteLineAsync(detailed ? $"error: {ex}" : $"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
