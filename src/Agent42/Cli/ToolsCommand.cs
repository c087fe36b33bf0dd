using System.CommandLine;
using System.Text;
using System.Text.Json;
using Agent42.Core.Tools;
using Agent42.Hosting;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 tools list | describe | call</c>.</summary>
internal static class ToolsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var tools = new Command("tools", "List, describe and call the tools the agent can use");
        tools.Subcommands.Add(CreateList(globals, console));
        tools.Subcommands.Add(CreateDescribe(globals, console));
        tools.Subcommands.Add(CreateCall(globals, console));
        tools.Subcommands.Add(ToolsCheckCommand.Create(globals, console));
        tools.Subcommands.Add(ToolsNewCommand.Create(globals, console));
        tools.Subcommands.Add(ToolsActivateCommand.Create(globals, console));
        return tools;
    }

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static Command CreateList(GlobalOptions globals, CliConsole console)
    {
        var json = JsonOption("Print a JSON array: [{name, description, source, file}]");
        var command = new Command("list", "List every tool, built-in and custom") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.LoadPluginsAsync(host, console, cancellationToken).ConfigureAwait(false);
            // Listing needs no schemas: registrations give name, description and origin without generating them.
            var tools = host.Services.GetRequiredService<ToolRegistry>().Registrations
                .Select(r => new ToolSummary(r.Name, r.Description, r.Source, r.FilePath)).ToArray();
            var text = parse.GetValue(json) ? ToolJson.List(tools) : ToolText.List(tools);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDescribe(GlobalOptions globals, CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The tool's name" };
        var json = JsonOption("Print a JSON object: {name, description, source, file, parameters}");
        var command = new Command("describe", "Show a tool's description, parameters, schema and where it came from") { name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.LoadPluginsAsync(host, console, cancellationToken).ConfigureAwait(false);
            var toolName = parse.GetRequiredValue(name);
            var registration = host.Services.GetRequiredService<ToolRegistry>().Find(toolName)
                ?? throw new UsageException($"there is no tool named '{toolName}'; run 'agent42 tools list' to see them");
            var text = parse.GetValue(json) ? ToolJson.Describe(registration.ToInfo()) : ToolText.Describe(registration.ToInfo());
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCall(GlobalOptions globals, CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The tool's name" };
        var args = new Option<string>("--args")
        {
            Description = "The arguments as a JSON object, e.g. '{\"path\":\"README.md\"}'",
            DefaultValueFactory = _ => "{}",
        };
        var json = JsonOption("Print a JSON object: {tool, success, output, error}");
        var command = new Command("call", "Call a tool and print its result; exit code 0 on success, 1 on a failed result. Example: agent42 tools call read_file --args '{\"path\":\"README.md\"}'") { name, args, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = ParseArguments(parse.GetValue(args) ?? "{}");
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await RootWarning.WriteIfRootAsync(console).ConfigureAwait(false);
            await Agent42Host.LoadPluginsAsync(host, console, cancellationToken).ConfigureAwait(false);
            var toolName = parse.GetRequiredValue(name);
            var result = await host.Services.GetRequiredService<ToolRegistry>()
                .ExecuteAsync(toolName, arguments, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await console.Out.WriteAsync(ToolJson.Result(toolName, result).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The output is the result, for piping; a failure's reason is a message, for the person.
                if (result.Output.Length > 0)
                {
                    await console.Out.WriteAsync(EndWithNewline(result.Output).AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                if (!result.Success)
                {
                    await console.Error.WriteLineAsync(result.Content.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }

            return result.Success ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static JsonElement ParseArguments(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--args must be a JSON object like '{{\"path\":\"README.md\"}}', not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var where = ex.BytePositionInLine is { } position ? $" at character {position + 1}" : string.Empty;
            throw new UsageException($"--args is not valid JSON{where}: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|');
    }

    private static string EndWithNewline(string text) =>
        text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
}
