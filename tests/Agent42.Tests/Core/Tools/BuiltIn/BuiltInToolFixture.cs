using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>A real temp workspace with the sandbox and options the built-in tools need.</summary>
public abstract class BuiltInToolFixture : IDisposable
{
    private protected BuiltInToolFixture()
    {
        Workspace = new TempDirectory();
        Sandbox = new WorkspaceSandbox(Workspace.Path);
    }

    private protected TempDirectory Workspace { get; }

    private protected WorkspaceSandbox Sandbox { get; }

    private protected ToolOptions Options { get; } = new() { ToolTimeoutSeconds = 30, FileMaxReadKb = 4, ShellMaxOutputKb = 1 };

    private protected static Task<ToolResult> CallAsync(Tool tool, object arguments) =>
        tool.ExecuteAsync(JsonSerializer.SerializeToElement(arguments), CancellationToken.None);

    public void Dispose()
    {
        Workspace.Dispose();
        GC.SuppressFinalize(this);
    }
}
