using System.Text;
using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>The human-readable forms of the tools commands.</summary>
internal static class ToolText
{
    private const int DescriptionWidth = 72;

    public static string List(IReadOnlyList<ToolSummary> tools)
    {
        if (tools.Count == 0)
        {
            return "No tools.\n";
        }

        var nameWidth = Math.Max(4, tools.Max(t => t.Name.Length));
        var text = new StringBuilder();
        var sourceWidth = Math.Max(7, tools.Max(t => ToolJson.SourceName(t.Source, t.FilePath).Length));
        text.Append("NAME".PadRight(nameWidth)).Append("  ").Append("SOURCE".PadRight(sourceWidth)).Append("  DESCRIPTION\n");
        foreach (var tool in tools)
        {
            text.Append(tool.Name.PadRight(nameWidth)).Append("  ")
                .Append(ToolJson.SourceName(tool.Source, tool.FilePath).PadRight(sourceWidth)).Append("  ")
                .Append(Shorten(FirstSentence(tool.Description), DescriptionWidth)).Append('\n');
        }

        text.Append($"\n{tools.Count} tools. 'agent42 tools describe <name>' shows one in full.\n");
        return text.ToString();
    }

    public static string Describe(ToolInfo tool)
    {
        var text = new StringBuilder();
        text.Append(tool.Name).Append('\n');
        text.Append("  source: ").Append(tool.Source switch
        {
            ToolSource.BuiltIn => "built-in",
            ToolSource.Mcp => $"MCP server {tool.FilePath} (see: agent42 mcp list)",
            _ => $"plugin ({tool.FilePath})",
        }).Append('\n');
        text.Append('\n').Append(tool.Description).Append("\n\n");

        var required = tool.Parameters.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        if (tool.Parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            text.Append("Parameters:\n");
            foreach (var property in properties.EnumerateObject())
            {
                var type = TypeOf(property.Value);
                var flag = required.Contains(property.Name) ? "required" : "optional";
                var description = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("description", out var d)
                    ? d.GetString()
                    : null;
                text.Append($"  {property.Name,-16} {type,-10} {flag,-9} {description}".TrimEnd()).Append('\n');
            }
        }
        else
        {
            text.Append("Parameters: none\n");
        }

        text.Append("\nSchema:\n").Append(JsonSerializer.Serialize(tool.Parameters, SchemaJsonContext.Default.JsonElement)).Append('\n');
        return text.ToString();
    }

    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "any";
        }

        return type.ValueKind == JsonValueKind.Array
            ? string.Join('|', type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null"))
            : type.GetString() ?? "any";
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? text[..(end + 1)] : text;
    }

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 3)] + "...";
}
