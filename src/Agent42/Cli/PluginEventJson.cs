using System.Text.Json;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Cli;

/// <summary>
/// The documented JSON form of a plugin event, one object per line:
/// <c>{"event","file","tools","ms","from_cache","diagnostics":[{"file","line","column","code","severity","message"}]}</c>.
/// </summary>
internal static class PluginEventJson
{
    public static string Format(PluginEvent e) => CliJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("event", e.Kind.ToString().ToLowerInvariant());
        writer.WriteString("file", e.FilePath);
        CliJson.WriteStrings(writer, "tools", e.Tools);
        writer.WriteNumber("ms", Math.Round(e.Milliseconds, 1));
        writer.WriteBoolean("from_cache", e.FromCache);
        WriteDiagnostics(writer, e.Diagnostics);
        writer.WriteEndObject();
    }, indented: false);

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
