using System.ComponentModel;
using System.Text;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Lists a directory in the workspace.</summary>
internal sealed class ListDirTool(IWorkspaceSandbox sandbox) : Tool<ListDirTool.Arguments>
{
    public override string Name => "list_dir";

    public override bool IsReadOnly => true;

    public override string Description =>
        "List the entries of a directory in the workspace, directories first with a trailing '/'. Set recursive to walk subdirectories.";

    protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(arguments.Path) ? "." : arguments.Path;
        if (!sandbox.TryResolvePath(path, out var fullPath, out var violation))
        {
            return Task.FromResult(ToolResult.Fail($"Sandbox violation: '{path}' {violation}"));
        }

        if (!Directory.Exists(fullPath))
        {
            return Task.FromResult(ToolResult.Fail($"'{path}' is not a directory"));
        }

        var max = Math.Clamp(arguments.MaxEntries, 1, 10_000);
        var output = new StringBuilder();
        var count = 0;
        var truncated = false;
        var pending = new Stack<string>();
        pending.Push(fullPath);
        while (pending.Count > 0 && !truncated)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = new DirectoryInfo(pending.Pop());
            var entries = directory.EnumerateFileSystemInfos()
                .OrderBy(e => e is FileInfo)
                .ThenBy(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (count == max)
                {
                    truncated = true;
                    break;
                }

                var isDirectory = entry is DirectoryInfo;
                var relative = sandbox.ToRelativePath(entry.FullName);
                output.Append(relative).Append(isDirectory ? "/" : string.Empty).Append('\n');
                count++;
                // Only descend into directories that really are inside the workspace.
                if (arguments.Recursive && isDirectory && entry.LinkTarget is null && !IsSkipped(entry.Name))
                {
                    pending.Push(entry.FullName);
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
