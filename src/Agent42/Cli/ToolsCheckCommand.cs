using System.CommandLine;
using System.Text;
using Agent42.Core.Plugins;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 tools check &lt;file&gt;...</c>: compile and policy here, activation and validation in a throwaway child process, registering nothing.</summary>
internal static class ToolsCheckCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var files = new Argument<string[]>("file") { Description = "Tool source files (.cs or .csx)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: [{file, valid, tools, diagnostics}]" };
        var command = new Command("check", "Compile and check tool source files without loading them into a running host; exit 0 if every file is valid, 1 if any is rejected")
        {
            files, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var checker = host.Services.GetRequiredService<PluginChecker>();
            var results = new List<PluginCheckResult>();
            foreach (var file in parse.GetRequiredValue(files))
            {
                results.Add(await checker.CheckAsync(Path.GetFullPath(file, console.CurrentDirectory), cancellationToken).ConfigureAwait(false));
            }

            var text = parse.GetValue(json) ? Json(results) : Text(results, console.CurrentDirectory);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return results.All(r => r.Valid) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static string Text(IEnumerable<PluginCheckResult> results, string currentDirectory)
    {
        var text = new StringBuilder();
        foreach (var result in results)
        {
            var file = Path.GetRelativePath(currentDirectory, result.FilePath);
            var verdict = !result.Valid ? ": rejected" : result.Tools.Count == 0 ? ": ok" : $": ok ({string.Join(", ", result.Tools)})";
            text.Append(file).Append(verdict).Append('\n');
            foreach (var diagnostic in result.Diagnostics)
            {
                text.Append("  ").Append(diagnostic).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Json(IEnumerable<PluginCheckResult> results) => CliJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteString("file", result.FilePath);
            writer.WriteBoolean("valid", result.Valid);
            CliJson.WriteStrings(writer, "tools", result.Tools);
            PluginEventJson.WriteDiagnostics(writer, result.Diagnostics);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });
}
