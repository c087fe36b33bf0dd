using Agent42.Core.Outcomes;
using Agent42.Core.Tasks;

namespace Agent42.Cli;

/// <summary><c>tasks list --json</c>'s documented shape, field by field.</summary>
internal static class TaskJson
{
    public static string List(IReadOnlyList<StoredTask> tasks) => CliJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var stored in tasks)
        {
            var task = stored.Task;
            writer.WriteStartObject();
            writer.WriteString("id", task.Id);
            writer.WriteString("type", TaskTypeNames.WireName(task.Type));
            writer.WriteString("description", task.Description);
            writer.WriteString("status", TaskText.Status(task.Status));
            WriteOptional(writer, "parent_id", task.ParentId);
            writer.WriteString("created_at", task.CreatedAt);
            writer.WriteString("updated_at", task.UpdatedAt);
            WriteOptional(writer, "result", task.Result);
            WriteOptional(writer, "error", task.Error);
            WriteOptional(writer, "lease_owner", stored.LeaseOwner);
            if (stored.LeaseUntil is { } until)
            {
                writer.WriteString("lease_until", until);
            }
            else
            {
                writer.WriteNull("lease_until");
            }

            writer.WriteNumber("attempts", stored.Attempts);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static void WriteOptional(System.Text.Json.Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
