using System.ComponentModel;
using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;
using Agent42.Core.Security;
using Agent42.Core.Security.Handles;
using Agent42.Core.Native;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Searches text files in the workspace for a regular expression.</summary>
internal sealed class GrepTool : Tool<GrepTool.Arguments>
{
    private readonly WorkspaceSandbox _sandbox;
    private readonly ToolOptions _options;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal GrepTool(WorkspaceSandbox sandbox, ToolOptions options)
    {
        _sandbox = sandbox;
        _options = options;
    }

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
        if (_sandbox.Locate(path, out var refusal) is not { } start)
        {
            return Task.FromResult(ToolResult.Fail(refusal!.Message));
        }

        IEnumerable<WorkspacePath> files;
        switch (_sandbox.List(start, cancellationToken, out refusal))
        {
            case { } entries:
                files = EnumerateFiles(_sandbox, start, entries, arguments.Glob, cancellationToken);
                break;
            case null when refusal!.Kind == FileRefusalKind.WrongType:
                // One file: say why it cannot be searched rather than report no matches.
                using (var single = _sandbox.OpenRead(start, out var fileRefusal))
                {
                    if (single is null)
                    {
                        return Task.FromResult(ToolResult.Fail(fileRefusal!.Message));
                    }
                }

                files = [start];
                break;
            default:
                return Task.FromResult(ToolResult.Fail(refusal.Message));
        }

        var max = Math.Clamp(arguments.MaxResults, 1, 10_000);
        var output = new StringBuilder();
        var matches = 0;
        try
        {
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Each file is opened by the sandbox like read_file's: links, devices, FIFOs and Agent42's own files
                // are skipped, and the file read is the one the handle checked.
                string text;
                using (var opened = _sandbox.OpenRead(file, out _))
                {
                    if (opened is null || !TextFiles.TryRead(opened, file.Relative, _options.FileMaxReadKb, out text, out _))
                    {
                        continue;
                    }
                }

                var lines = text.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if ((i & 1023) == 1023)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (!regex.IsMatch(lines[i]))
                    {
                        continue;
                    }

                    if (matches == max)
                    {
                        output.Append($"... (stopped at {max} matches; narrow the search or raise max_results)\n");
                        return Task.FromResult(ToolResult.Ok(output.ToString()));
                    }

                    output.Append(file.Relative).Append(':').Append(i + 1).Append(": ")
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

    private static IEnumerable<WorkspacePath> EnumerateFiles(
        WorkspaceSandbox _sandbox, WorkspacePath root, IReadOnlyList<WorkspaceEntry> rootEntries, string? glob, CancellationToken cancellationToken)
    {
        var pending = new Stack<WorkspacePath>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var entries = directory == root ? rootEntries : _sandbox.List(directory, cancellationToken, out _);
            if (entries is null)
            {
                continue;
            }

            foreach (var file in entries.Where(e => e.Kind == FileKind.Regular).Select(e => e.Name).Order(StringComparer.Ordinal))
            {
                if (glob is null || FileSystemName.MatchesSimpleExpression(glob, file))
                {
                    yield return directory.Child(file);
                }
            }

            // Links are not followed; build output and Agent42's unreadable directories are not searched.
            foreach (var sub in entries.Where(e => e.Kind == FileKind.Directory).Select(e => e.Name).OrderDescending(StringComparer.Ordinal))
            {
                var child = directory.Child(sub);
                if (sub is not (".git" or "bin" or "obj" or "node_modules") && !_sandbox.RefusesRead(child))
                {
                    pending.Push(child);
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
