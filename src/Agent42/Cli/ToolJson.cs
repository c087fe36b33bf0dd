using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>The documented, stable JSON shapes of the tools commands.</summary>
internal static class ToolJson
{
    public static string List(IReadOnlyList<ToolSummary> tools) => CliJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var tool in tools)
        {
            writer.WriteStartObject();
            WriteSummary(writer, tool);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static string Describe(ToolInfo tool) => CliJson.Write(writer =>
    {
        writer.WriteStartObject();
        WriteSummary(writer, new ToolSummary(tool.Name, tool.Description, tool.Source, tool.FilePath));
        writer.WritePropertyName("parameters");
        tool.Parameters.WriteTo(writer);
        writer.WriteEndObject();
    });

    public static string Result(string tool, ToolResult result) => CliJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("tool", tool);
        writer.WriteBoolean("success", result.Success);
        writer.WriteString("output", result.Output);
        if (result.Success)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteString("error", result.Error);
        }

        writer.WriteEndObject();
    });

    /// <summary><c>builtin</c>, <c>plugin</c>, or <c>mcp:&lt;server&gt;</c> (an MCP tool's file path is its server's name).</summary>
    public static string SourceName(ToolSource source, string? filePath) => source switch
    {
        ToolSource.BuiltIn => "builtin",
        ToolSource.Mcp => "mcp:" + filePath,
        _ => "plugin",
    };

    private static void WriteSummary(Utf8JsonWriter writer, ToolSummary tool)
    {
        writer.WriteString("name", tool.Name);
        writer.WriteString("description", tool.Description);
        writer.WriteString("source", SourceName(tool.Source, tool.FilePath));
        if (tool.FilePath is null || tool.Source == ToolSource.Mcp)
        {
            writer.WriteNull("file");
        }
        else
        {
            writer.WriteString("file", tool.FilePath);
        }
    }
}
