using System.ComponentModel;
using System.Text;
using Agent42.Core.Storage;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Writes a text file in the workspace, atomically, creating directories as needed.</summary>
internal sealed class WriteFileTool : Tool<WriteFileTool.Arguments>
{
    private readonly IWorkspaceSandbox _sandbox;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal WriteFileTool(IWorkspaceSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public override string Name => "write_file";

    public override string Description =>
        "Create or overwrite a UTF-8 text file in the workspace with the given content. Parent directories are created.";

    protected override async Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        if (!_sandbox.TryResolvePath(arguments.Path, out var fullPath, out var violation))
        {
            return ToolResult.Fail($"Sandbox violation: '{arguments.Path}' {violation}");
        }

        if (Directory.Exists(fullPath))
        {
            return ToolResult.Fail($"'{arguments.Path}' is a directory");
        }

        var bytes = Encoding.UTF8.GetBytes(arguments.Content);
        await AtomicFile.WriteAllBytesAsync(fullPath, bytes, cancellationToken).ConfigureAwait(false);
        return ToolResult.Ok($"Wrote {bytes.Length} bytes to {_sandbox.ToRelativePath(fullPath)}");
    }

    /// <summary>Arguments of write_file.</summary>
    public sealed record Arguments(
        [property: Description("Path of the file, relative to the workspace.")] string Path,
        [property: Description("The whole new content of the file.")] string Content);
}
