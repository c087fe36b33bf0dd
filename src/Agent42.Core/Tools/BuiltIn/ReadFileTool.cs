using System.ComponentModel;
using System.Text;
using Agent42.Core.Configuration;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Reads a text file in the workspace, whole or a range of lines.</summary>
internal sealed class ReadFileTool(IWorkspaceSandbox sandbox, ToolOptions options) : Tool<ReadFileTool.Arguments>
{
    public override string Name => "read_file";

    public override bool IsReadOnly => true;

    public override string Description =>
        "Read a UTF-8 text file in the workspace. Give offset and limit (in lines) to read part of a large file.";

    protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        if (!TextFiles.TryRead(sandbox, arguments.Path, options.FileMaxReadKb, out _, out var text, out var error))
        {
            return Task.FromResult(ToolResult.Fail(error));
        }

        if (arguments.Offset is null && arguments.Limit is null)
        {
            return Task.FromResult(ToolResult.Ok(text));
        }

        var offset = Math.Max(1, arguments.Offset ?? 1);
        var limit = Math.Max(0, arguments.Limit ?? int.MaxValue);
        var lines = text.Split('\n');
        var slice = new StringBuilder();
        foreach (var line in lines.Skip(offset - 1).Take(limit))
        {
            slice.Append(line).Append('\n');
        }

        return Task.FromResult(ToolResult.Ok(slice.ToString()));
    }

    /// <summary>Arguments of read_file.</summary>
    public sealed record Arguments(
        [property: Description("Path of the file, relative to the workspace.")] string Path,
        [property: Description("First line to read, counting from 1.")] int? Offset = null,
        [property: Description("How many lines to read.")] int? Limit = null);
}
