using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Agent42.Core.Mcp;

/// <summary>What the registry and the model are told about an MCP tool: its description and schema, bounded.</summary>
internal static class McpDescriptions
{
    // A server's description goes into every model request; a huge one would crowd out the task.
    private const int MaxDescriptionChars = 2000;

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static string For(string server, Tool tool)
    {
        var text = string.IsNullOrWhiteSpace(tool.Description) ? tool.Title ?? tool.Name : tool.Description.Trim();
        if (text.Length > MaxDescriptionChars)
        {
            text = text[..MaxDescriptionChars] + "...";
        }

        return $"{text} (MCP server '{server}', tool '{Shorten(tool.Name)}')";
    }

    /// <summary>The tool's input schema, or an empty object schema when the server gave none that is an object.</summary>
    public static JsonElement Schema(Tool tool) =>
        tool.InputSchema.ValueKind == JsonValueKind.Object ? tool.InputSchema.Clone() : EmptySchema;

    private static string Shorten(string name) => name.Length > 100 ? name[..100] + "..." : name;
}
