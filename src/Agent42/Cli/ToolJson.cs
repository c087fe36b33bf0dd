using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>
/// The documented, stable JSON shapes of the tools commands. Written field by field so that a refactoring of
/// the types behind them cannot change what scripts depend on.
/// </summary>
internal static class ToolJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string List(IReadOnlyList<ToolSummary> tools) => Write(writer =>
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

    public static string Describe(ToolInfo tool) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteSummary(writer, new ToolSummary(tool.Name, tool.Description, tool.Source, tool.FilePath));
        writer.WritePropertyName("parameters");
        tool.Parameters.WriteTo(writer);
        writer.WriteEndObject();
    });

    public static string Result(string tool, ToolResult result) => Write(writer =>
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

    public static string SourceName(ToolSource source) => source == ToolSource.BuiltIn ? "builtin" : "plugin";

    private static void WriteSummary(Utf8JsonWriter writer, ToolSummary tool)
    {
        writer.WriteString("name", tool.Name);
        writer.WriteString("description", tool.Description);
        writer.WriteString("source", SourceName(tool.Source));
        if (tool.FilePath is null)
        {
            writer.WriteNull("file");
        }
        else
        {
            writer.WriteString("file", tool.FilePath);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
