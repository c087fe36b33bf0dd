// An example custom tool: typed arguments, and a service injected through the constructor.
// Agent42 compiles this file when it starts or when you save it; `agent42 watch` shows it happen.
using System;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Agent42.Sdk;

public sealed record WordCountArguments(
    [property: Description("Path of a text file, relative to the workspace.")] string Path,
    [property: Description("Also list the most frequent words.")] bool Top = false);

public sealed class WordCountTool(IWorkspaceSandbox sandbox) : Tool<WordCountArguments>
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '.', ',', ';', ':', '!', '?', '(', ')', '"', '\''];

    public override string Name => "word_count";

    public override string Description => "Count the lines, words and characters of a text file in the workspace, like wc.";

    protected override async Task<ToolResult> RunAsync(WordCountArguments arguments, CancellationToken cancellationToken)
    {
        if (!sandbox.FileExists(arguments.Path))
        {
            return ToolResult.Fail($"'{arguments.Path}' is not a file in the workspace");
        }

        var text = await sandbox.ReadAllTextAsync(arguments.Path, cancellationToken);
        var words = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var lines = text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        var summary = $"{lines} lines, {words.Length} words, {text.Length} characters";
        if (!arguments.Top)
        {
            return ToolResult.Ok(summary);
        }

        var top = words
            .GroupBy(w => w.ToLowerInvariant())
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5)
            .Select(g => $"{g.Key} ({g.Count()})");
        return ToolResult.Ok(summary + "\nmost frequent: " + string.Join(", ", top));
    }
}
