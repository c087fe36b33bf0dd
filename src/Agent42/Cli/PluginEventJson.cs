using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Agent42.Core.Plugins;

namespace Agent42.Cli;

/// <summary>
/// The documented JSON form of a plugin event, one object per line:
/// <c>{"event","file","tools","ms","from_cache","diagnostics":[{"file","line","column","code","severity","message"}]}</c>.
/// </summary>
internal static class PluginEventJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(PluginEvent e)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("event", e.Kind.ToString().ToLowerInvariant());
            writer.WriteString("file", e.FilePath);
            writer.WriteStartArray("tools");
            foreach (var tool in e.Tools)
            {
                writer.WriteStringValue(tool);
            }

            writer.WriteEndArray();
            writer.WriteNumber("ms", Math.Round(e.Milliseconds, 1));
            writer.WriteBoolean("from_cache", e.FromCache);
            WriteDiagnostics(writer, e.Diagnostics);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static void WriteDiagnostics(Utf8JsonWriter writer, IReadOnlyList<PluginDiagnostic> diagnostics)
    {
        writer.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("file", d.FilePath);
            writer.WriteNumber("line", d.Line);
            writer.WriteNumber("column", d.Column);
            writer.WriteString("code", d.Code);
            writer.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
            writer.WriteString("message", d.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
