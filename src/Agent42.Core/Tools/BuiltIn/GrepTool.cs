using System.ComponentModel;
using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;
using Agent42.Core.Configuration;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Searches text files in the workspace for a regular expression.</summary>
internal sealed class GrepTool(IWorkspaceSandbox sandbox, ToolOptions options) : Tool<GrepTool.Arguments>
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public override string Name => "grep";

    public override bool IsReadOnly => true;

    public override string Description =>
        "Search text files under a path in the workspace for a .NET regular expression; prints path:line: text for each match.";

    protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        Regex regex;
        try
        {
            regex = new Regex(arguments.Pattern,
                (arguments.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant,
                MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return Task.FromResult(ToolResult.Fail($"'{arguments.Pattern}' is not a valid regular expression: {ex.Message}"));
        }

        var path = string.IsNullOrEmpty(arguments.Path) ? "." : arguments.Path;
        if (!sandbox.TryResolvePath(path, out var fullPath, out var violation))
        {
            return Task.FromResult(ToolResult.Fail($"Sandbox violation: '{path}' {violation}"));
        }

        var files = File.Exists(fullPath) ? [fullPath] : Directory.Exists(fullPath)
            ? EnumerateFiles(fullPath, arguments.Glob)
            : null;
        if (files is null)
        {
            return Task.FromResult(ToolResult.Fail($"'{path}' does not exist"));
        }

        var max = Math.Clamp(arguments.MaxResults, 1, 10_000);
        var output = new StringBuilder();
        var matches = 0;
        try
        {
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The walk starts inside the sandbox and follows no symlinks, so each file is read as it is.
                if (!TextFiles.TryReadResolved(file, sandbox.ToRelativePath(file), options.FileMaxReadKb, out var text, out _))
                {
                    continue;
                }

                var lines = text.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (!regex.IsMatch(lines[i]))
                    {
                        continue;
                    }

                    if (matches == max)
                    {
                        output.Append($"... (stopped at {max} matches; narrow the search or raise max_results)\n");
                        return Task.FromResult(ToolResult.Ok(output.ToString()));
                    }

                    output.Append(sandbox.ToRelativePath(file)).Append(':').Append(i + 1).Append(": ")
                        .Append(lines[i].TrimEnd('\r')).Append('\n');
                    matches++;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return Task.FromResult(ToolResult.Fail($"the pattern '{arguments.Pattern}' took too long to match; simplify it", output.ToString()));
        }

        return Task.FromResult(ToolResult.Ok(matches == 0 ? "(no matches)\n" : output.ToString()));
    }

    private static IEnumerable<string> EnumerateFiles(string root, string? glob)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(directory, "*", enumeration).Order(StringComparer.Ordinal))
            {
                if (glob is null || FileSystemName.MatchesSimpleExpression(glob, Path.GetFileName(file)))
                {
                    yield return file;
                }
            }

            foreach (var sub in Directory.EnumerateDirectories(directory, "*", enumeration).OrderDescending(StringComparer.Ordinal))
            {
                if (Path.GetFileName(sub) is not (".git" or "bin" or "obj" or "node_modules"))
                {
                    pending.Push(sub);
                }
            }
        }
    }

    /// <summary>Arguments of grep.</summary>
    public sealed record Arguments(
        [property: Description("The regular expression to search for.")] string Pattern,
        [property: Description("File or directory to search, relative to the workspace; defaults to the workspace.")] string Path = ".",
        [property: Description("Only search files whose name matches this wildcard, e.g. *.cs.")] string? Glob = null,
        [property: Description("Match without regard to case.")] bool IgnoreCase = false,
        [property: Description("Stop after this many matching lines.")] int MaxResults = 200);
}
