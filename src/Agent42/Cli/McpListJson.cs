using Agent42.Core.Mcp;

namespace Agent42.Cli;

/// <summary>The stable JSON shape of <c>mcp list --json</c>.</summary>
internal static class McpListJson
{
    public static string TransportName(McpTransport transport) => transport == McpTransport.Http ? "http" : "stdio";

    public static string Write(IReadOnlyList<McpServerStatus> statuses) => CliJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var status in statuses)
        {
            var config = status.Config;
            writer.WriteStartObject();
            writer.WriteString("name", config.Name);
            writer.WriteString("transport", TransportName(config.Transport));
            WriteStringOrNull(writer, "command", config.Command);
            writer.WriteStartArray("args");
            foreach (var arg in config.Args)
            {
                writer.WriteStringValue(arg);
            }

            writer.WriteEndArray();
            WriteStringOrNull(writer, "url", config.Url?.ToString());
            writer.WriteString("state", status.State.ToString().ToLowerInvariant());
            WriteStringOrNull(writer, "reason", status.Reason);
            if (status.RetryAt is { } at)
            {
                writer.WriteString("retry_at", at.UtcDateTime);
            }
            else
            {
                writer.WriteNull("retry_at");
            }

            writer.WriteNumber("attempts", status.Attempts);
            writer.WriteStartArray("tools");
            foreach (var tool in status.Tools)
            {
                writer.WriteStartObject();
                WriteStringOrNull(writer, "name", tool.Name);
                writer.WriteString("server_name", tool.ServerTool);
                WriteStringOrNull(writer, "problem", tool.Problem);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static void WriteStringOrNull(System.Text.Json.Utf8JsonWriter writer, string name, string? value)
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
