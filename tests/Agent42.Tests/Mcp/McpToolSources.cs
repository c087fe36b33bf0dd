namespace Agent42.Tests.Mcp;

/// <summary>Custom tool files for the MCP server's tests.</summary>
internal static class McpToolSources
{
    /// <summary>
    /// A tool that writes <c>marker.started</c> in the workspace, waits for its token, and then writes
    /// <paramref name="marker"/>.
    /// </summary>
    public static string WaitsForCancellation(string name, string marker) => $$"""
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed class T_{{name}} : Tool
        {
            private readonly IWorkspaceSandbox _sandbox;

            public T_{{name}}(IWorkspaceSandbox sandbox) { _sandbox = sandbox; }

            public override string Name => "{{name}}";
            public override string Description => "Waits until cancelled.";
            public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();

            public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
            {
                await _sandbox.WriteAllTextAsync("{{marker}}.started", "started", CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (System.OperationCanceledException)
                {
                }

                await _sandbox.WriteAllTextAsync("{{marker}}", "cancelled", CancellationToken.None);
                return ToolResult.Fail("cancelled");
            }
        }
        """;

    /// <summary>A tool that never returns and never looks at its token.</summary>
    public static string Hangs(string name) => $$"""
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed class T_{{name}} : Tool
        {
            public override string Name => "{{name}}";
            public override string Description => "Never returns.";
            public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                new TaskCompletionSource<ToolResult>().Task;
        }
        """;

    /// <summary>A tool that throws <paramref name="message"/>.</summary>
    public static string Throws(string name, string message) => $$"""
        using System;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed class T_{{name}} : Tool
        {
            public override string Name => "{{name}}";
            public override string Description => "Throws.";
            public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("{{message}}");
        }
        """;

    /// <summary>
    /// A tool that answers <paramref name="answer"/>; with <paramref name="waitFor"/>, it first writes
    /// <c>started</c> in the workspace and answers only once the file <paramref name="waitFor"/> exists.
    /// </summary>
    public static string Answers(string name, string answer, string? waitFor = null) => AnswersSource(name, answer, waitFor ?? string.Empty);

    private static string AnswersSource(string name, string answer, string waitFor) => $$"""
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed class T_{{name}} : Tool
        {
            private readonly IWorkspaceSandbox _sandbox;

            public T_{{name}}(IWorkspaceSandbox sandbox) { _sandbox = sandbox; }

            public override string Name => "{{name}}";
            public override string Description => "Answers {{answer}}.";
            public override bool IsReadOnly => true;
            public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();

            public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
            {
                var waitFor = "{{waitFor}}";
                if (waitFor.Length > 0)
                {
                    await _sandbox.WriteAllTextAsync("started", "yes", cancellationToken);
                    while (true)
                    {
                        try
                        {
                            await _sandbox.ReadAllTextAsync(waitFor, cancellationToken);
                            break;
                        }
                        catch (System.Exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            await Task.Delay(20, cancellationToken);
                        }
                    }
                }

                return ToolResult.Ok("{{answer}}");
            }
        }
        """;

    /// <summary>Not C#: a compile error.</summary>
    public const string Broken = "public sealed class Broken : {";
}
