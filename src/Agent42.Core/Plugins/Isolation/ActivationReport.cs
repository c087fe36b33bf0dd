using System.Text.Json;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Isolation;

/// <summary>
/// What activating one file's tools gave, as the activation child reports it on one line of its standard output:
/// the names of the tools that were created and passed validation, and the loader's diagnostics.
/// </summary>
internal sealed record ActivationReport(IReadOnlyList<string> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics)
{
    /// <summary>A report of no tools and one error.</summary>
    public static ActivationReport Failed(PluginDiagnostic diagnostic) => new([], [diagnostic]);

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("tools");
        foreach (var tool in Tools)
        {
            writer.WriteStringValue(tool);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (var d in Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("file", d.FilePath);
            writer.WriteNumber("line", d.Line);
            writer.WriteNumber("column", d.Column);
            writer.WriteString("code", d.Code);
            writer.WriteBoolean("error", d.IsError);
            writer.WriteString("message", d.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a report; throws <see cref="JsonException"/>, <see cref="KeyNotFoundException"/> or <see cref="InvalidOperationException"/> on a malformed one.</summary>
    public static ActivationReport Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var tools = root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().Select(d => new PluginDiagnostic(
            d.GetProperty("file").GetString()!,
            d.GetProperty("line").GetInt32(),
            d.GetProperty("column").GetInt32(),
            d.GetProperty("code").GetString()!,
            d.GetProperty("error").GetBoolean() ? PluginDiagnosticSeverity.Error : PluginDiagnosticSeverity.Warning,
            d.GetProperty("message").GetString()!)).ToArray();
        return new ActivationReport(tools, diagnostics);
    }
}
