using System.ComponentModel;
using System.Text;
using Agent42.Core.Security;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Writes a text file in the workspace, atomically, creating directories as needed.</summary>
internal sealed class WriteFileTool : Tool<WriteFileTool.Arguments>
{
    private readonly WorkspaceSandbox _sandbox;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal WriteFileTool(WorkspaceSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public override string Name => "write_file";

    public override string Description =>
        "Create or overwrite a UTF-8 text file in the workspace with the given content. Parent directories are created.";

    protected override async Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(arguments.Content);
        var (relative, refusal) = await _sandbox.WriteAsync(arguments.Path, bytes, null, cancellationToken).ConfigureAwait(false);
        return refusal is null
            ? ToolResult.Ok($"Wrote {bytes.Length} bytes to {relative}")
            : ToolResult.Fail(refusal.Message);
    }

    /// <summary>Arguments of write_file.</summary>
    public sealed record Arguments(
        [property: Description("Path of the file, relative to the workspace.")] string Path,
        [property: Description("The whole new content of the file.")] string Content);
}
