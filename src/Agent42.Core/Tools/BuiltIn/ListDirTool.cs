using System.ComponentModel;
using System.Text;
using Agent42.Core.Security;
using Agent42.Core.Security.Handles;
using Agent42.Core.Native;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Lists a directory in the workspace.</summary>
internal sealed class ListDirTool : Tool<ListDirTool.Arguments>
{
    private readonly WorkspaceSandbox _sandbox;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal ListDirTool(WorkspaceSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public override string Name => "list_dir";

    public override bool IsReadOnly => true;

    public override string Description =>
        "List the entries of a directory in the workspace, directories first with a trailing '/'. Set recursive to walk subdirectories.";

    protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(arguments.Path) ? "." : arguments.Path;
        if (_sandbox.Locate(path, out var refusal) is not { } start)
        {
            return Task.FromResult(ToolResult.Fail(refusal!.Message));
        }

        var max = Math.Clamp(arguments.MaxEntries, 1, 10_000);
        var output = new StringBuilder();
        var count = 0;
        var truncated = false;
        var pending = new Stack<WorkspacePath>();
        pending.Push(start);
        while (pending.Count > 0 && !truncated)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var listed = _sandbox.List(directory, cancellationToken, out refusal);
            if (listed is null)
            {
                if (directory == start)
                {
                    return Task.FromResult(ToolResult.Fail(refusal!.Message));
                }

                // A subdirectory swapped or removed while walking is skipped, not followed.
                continue;
            }

            var entries = listed
                .OrderBy(e => e.Kind != FileKind.Directory)
                .ThenBy(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (count == max)
                {
                    truncated = true;
                    break;
                }

                var isDirectory = entry.Kind == FileKind.Directory;
                output.Append(entry.RelativePath).Append(isDirectory ? "/" : string.Empty).Append('\n');
                count++;
                // A link is listed, never followed; Agent42's unreadable directories are listed, never entered.
                var child = directory.Child(entry.Name);
                if (arguments.Recursive && isDirectory && !IsSkipped(entry.Name) && !_sandbox.RefusesRead(child))
                {
                    pending.Push(child);
                }
            }
        }

        if (truncated)
        {
            output.Append($"... (stopped at {max} entries; raise max_entries or list a subdirectory)\n");
        }

        return Task.FromResult(ToolResult.Ok(count == 0 ? "(empty directory)\n" : output.ToString()));
    }

    private static bool IsSkipped(string name) => name is ".git" or "bin" or "obj" or "node_modules";

    /// <summary>Arguments of list_dir.</summary>
    public sealed record Arguments(
        [property: Description("Directory to list, relative to the workspace; defaults to the workspace itself.")] string Path = ".",
        [property: Description("Also list subdirectories (skips .git, bin, obj, node_modules).")] bool Recursive = false,
        [property: Description("Stop after this many entries.")] int MaxEntries = 500);
}
