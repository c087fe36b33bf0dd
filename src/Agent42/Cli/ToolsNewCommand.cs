using System.CommandLine;
using System.Globalization;
using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Tools;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 tools new &lt;name&gt; [--csx]</c>: writes a working tool to start from.</summary>
internal static class ToolsNewCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The tool's name: lower case letters, digits and _, starting with a letter" };
        var csx = new Option<bool>("--csx") { Description = "Write a C# script (.csx) instead of a .cs file" };
        var command = new Command("new", "Create a working tool file in the tools directory to start from") { name, csx };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var toolName = parse.GetRequiredValue(name);
            if (!ToolNameRule.IsValid(toolName))
            {
                throw new UsageException($"'{toolName}' is not a valid tool name: {ToolNameRule.UsageHint}");
            }

            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var settings = host.Services.GetRequiredService<Agent42Settings>();
            var script = parse.GetValue(csx);
            var path = Path.Combine(settings.ToolsDirectory, toolName + (script ? ".csx" : ".cs"));
            if (File.Exists(path))
            {
                throw new UsageException($"{path} already exists");
            }

            Directory.CreateDirectory(settings.ToolsDirectory);
            await File.WriteAllTextAsync(path, ToolTemplate.Render(toolName, ClassName(toolName)), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(
                $"created {Path.GetRelativePath(console.CurrentDirectory, path)}\n" +
                $"try it:  agent42 tools call {toolName} --args '{{\"text\":\"hello\"}}'\n" +
                $"check:   agent42 tools check {Path.GetRelativePath(console.CurrentDirectory, path)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ClassName(string toolName) =>
        string.Concat(toolName.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..])) + "Tool";
}
