using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Agent42.Core.Models.Catalog;

namespace Agent42.Cli;

/// <summary>The documented JSON shapes of the models commands.</summary>
internal static class ModelJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string List(IReadOnlyList<KnownModel> models) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var m in models)
        {
            writer.WriteStartObject();
            writer.WriteString("key", m.Key);
            writer.WriteString("id", m.Id);
            writer.WriteString("name", m.Name);
            if (m.ContextLength is { } context)
            {
                writer.WriteNumber("context_length", context);
            }
            else
            {
                writer.WriteNull("context_length");
            }

            writer.WriteString("tier", m.Tier);
            writer.WriteBoolean("tools", m.SupportsTools);
            writer.WriteBoolean("reasoning", m.SupportsReasoning);
            writer.WriteString("status", m.Status.ToString().ToLowerInvariant());
            writer.WriteString("status_since", m.StatusSince);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static string Report(CatalogSyncReport report) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("succeeded", report.Succeeded);
        writer.WriteString("source", report.Source);
        if (report.Problem is null)
        {
            writer.WriteNull("problem");
        }
        else
        {
            writer.WriteString("problem", report.Problem);
        }

        writer.WriteNumber("catalog_size", report.CatalogSize);
        Strings(writer, "skipped", report.Skipped);
        Strings(writer, "added", report.Changes.Added);
        Strings(writer, "vanished", report.Changes.Vanished);
        Strings(writer, "turned_paid", report.Changes.TurnedPaid);
        Strings(writer, "returned", report.Changes.Returned);
        writer.WriteNumber("available", report.Available);
        writer.WriteNumber("available_with_tools", report.AvailableWithTools);
        writer.WriteEndObject();
    });

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
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
