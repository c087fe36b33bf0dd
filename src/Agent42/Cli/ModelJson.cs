using System.Text.Json;
using Agent42.Core.Models.Catalog;

namespace Agent42.Cli;

/// <summary>The documented JSON shapes of the models commands.</summary>
internal static class ModelJson
{
    public static string List(IReadOnlyList<KnownModel> models) => CliJson.Write(writer =>
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

    public static string Report(CatalogSyncReport report) => CliJson.Write(writer =>
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
        CliJson.WriteStrings(writer, "skipped", report.Skipped);
        CliJson.WriteStrings(writer, "added", report.Changes.Added);
        CliJson.WriteStrings(writer, "vanished", report.Changes.Vanished);
        CliJson.WriteStrings(writer, "turned_paid", report.Changes.TurnedPaid);
        CliJson.WriteStrings(writer, "returned", report.Changes.Returned);
        writer.WriteNumber("available", report.Available);
        writer.WriteNumber("available_with_tools", report.AvailableWithTools);
        writer.WriteEndObject();
    });
}
