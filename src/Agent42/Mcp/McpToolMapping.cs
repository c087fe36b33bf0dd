using System.Text.Json;
using Agent42.Core.Tools;
using ToolResult = Agent42.Sdk.ToolResult;
using ModelContextProtocol.Protocol;

namespace Agent42.Mcp;

/// <summary>
/// How a registered tool looks over MCP, and how its result goes back: the registry's snapshot (name, description,
/// schema read once at load) becomes the protocol's tool, a <see cref="ToolResult"/> becomes text content.
/// </summary>
internal static class McpToolMapping
{
    // What a tool whose schema MCP cannot carry (not an object schema) is described with: it stays callable.
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    public static Tool ToProtocolTool(ToolRegistration registration)
    {
        var tool = new Tool
        {
            Name = registration.Name,
            Description = registration.Description,
            Annotations = new ToolAnnotations { ReadOnlyHint = registration.Snapshot.IsReadOnly },
        };
        try
        {
            tool.InputSchema = IsObjectSchema(registration.Snapshot.Parameters) ? registration.Snapshot.Parameters : AnyObject;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The SDK checks the schema it is given; a plugin's odd one must not take tools/list down with it.
            tool.InputSchema = AnyObject;
        }

        return tool;
    }

    /// <summary>Success is the output as text; a failure is <c>isError</c> with the error (and any partial output).</summary>
    public static CallToolResult ToCallToolResult(ToolResult result) => new()
    {
        IsError = !result.Success,
        Content = [new TextContentBlock { Text = result.Success ? result.Output : Failure(result) }],
    };

    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>The call's arguments as one JSON object, as the registry's tools take them; none is an empty object.</summary>
    public static JsonElement Arguments(IDictionary<string, JsonElement>? arguments) =>
        arguments is null ? JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement>(), McpJson.Default.DictionaryStringJsonElement)
            : JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement>(arguments, StringComparer.Ordinal), McpJson.Default.DictionaryStringJsonElement);

    private static string Failure(ToolResult result) =>
        string.IsNullOrEmpty(result.Output) ? result.Error : result.Error + "\n" + result.Output;

    private static bool IsObjectSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && schema.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString() == "object";
}
