using System.ComponentModel;
using System.Text;
using Agent42.Core.Security;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Reads a text file in the workspace, whole or a range of lines.</summary>
internal sealed class ReadFileTool : Tool<ReadFileTool.Arguments>
{
    private readonly WorkspaceSandbox _sandbox;
    private readonly ToolOptions _options;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal ReadFileTool(WorkspaceSandbox sandbox, ToolOptions options)
    {
        _sandbox = sandbox;
        _options = options;
    }

    public override string Name => "read_file";

    public override bool IsReadOnly => true;

    public override string Description =>
        "Read a UTF-8 text file in the workspace. Give offset and limit (in lines) to read part of a large file.";

    protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        if (!TextFiles.TryRead(_sandbox, arguments.Path, _options.FileMaxReadKb, out var file, out var text, out var error))
        {
            return Task.FromResult(ToolResult.Fail(error));
        }

        file.Dispose();

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
