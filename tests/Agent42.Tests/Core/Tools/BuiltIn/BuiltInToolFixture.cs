using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>
/// A real temp workspace in the default layout (<c>.env</c>, <c>data/</c> and <c>custom_tools/</c> inside it, the
/// current directory), with the sandbox and options the built-in tools need.
/// </summary>
public abstract class BuiltInToolFixture : IDisposable
{
    private protected BuiltInToolFixture()
    {
        Workspace = new TempDirectory();
        Sandbox = CreateSandbox();
    }

    private protected TempDirectory Workspace { get; }

    private protected WorkspaceSandbox Sandbox { get; set; }

    private protected ToolOptions Options { get; } = new() { ToolTimeoutSeconds = 30, FileMaxReadKb = 4, ShellMaxOutputKb = 1 };

    /// <summary>A sandbox over the workspace with Agent42's own paths of the default layout protected.</summary>
    private protected WorkspaceSandbox CreateSandbox(ControlPathsOptions? control = null, WorkspaceSandboxOptions? options = null)
    {
        var paths = new Agent42Paths(Workspace.Path, Workspace.Combine("custom_tools"), Workspace.Combine("data"));
        return new WorkspaceSandbox(Workspace.Path, ControlPaths.For(paths, Workspace.Path, control ?? new ControlPathsOptions()), options);
    }

    private protected static Task<ToolResult> CallAsync(Tool tool, object arguments) =>
        tool.ExecuteAsync(JsonSerializer.SerializeToElement(arguments), CancellationToken.None);

    public void Dispose()
    {
        Sandbox.Dispose();
        Workspace.Dispose();
        GC.SuppressFinalize(this);
    }
}
