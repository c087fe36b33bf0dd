using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Tests.Support;

/// <summary>Small raw tools whose behaviour a test controls.</summary>
internal sealed class DelegateTool(
    string name, Func<JsonElement, CancellationToken, Task<ToolResult>> run, string description = "A test tool.", JsonElement? parameters = null) : Tool
{
    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    public override string Name => name;

    public override string Description => description;

    public override JsonElement Parameters => parameters ?? EmptySchema;

    public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => run(arguments, cancellationToken);

    public static DelegateTool Returning(string name, string output) => new(name, (_, _) => Task.FromResult(ToolResult.Ok(output)));
}
