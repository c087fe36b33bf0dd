using System.Text;
using System.Text.Json;

namespace Agent42.Core.Mcp;

/// <summary>Checks one <c>mcpServers</c> entry; each problem names the file, the line and the field, and skips only that entry.</summary>
internal sealed class McpEntryReader(string file, McpConfigLines lines, Func<string, string?> environment)
{
    public List<string> Problems { get; } = [];

    public McpServerConfig? Read(JsonProperty entry)
    {
        var name = entry.Name;
        var at = $"mcpServers.{name}";
        if (!IsValidName(name))
        {
            return Problem(at, $"the server name must be 1 to {McpConfigReader.MaxNameLength} letters, digits, '-' or '_', starting with a letter or digit");
        }

        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Problem(at, $"expected an object with \"command\" or \"url\", got {McpConfigReader.Kind(value)}");
        }

        foreach (var field in new[] { "type", "command", "url" })
        {
            if (value.TryGetProperty(field, out var given) && given.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return Problem($"{at}.{field}", $"must be a string, got {McpConfigReader.Kind(given)}");
            }
        }

        var type = OptionalString(value, "type");
        var command = OptionalString(value, "command");
        var url = OptionalString(value, "url");
        if (type is not (null or "stdio" or "http" or "streamable-http" or "streamableHttp"))
        {
            return Problem(at + ".type", $"\"{type}\" is not a transport Agent42 speaks (stdio, or http for Streamable HTTP; SSE is not supported)");
        }

        if (command is null == url is null)
        {
            return Problem(at, "give exactly one of \"command\" (a program to run) and \"url\" (a Streamable HTTP endpoint)");
        }

        if (command is not null)
        {
            if (command.Trim().Length == 0)
            {
                return Problem(at + ".command", "must not be empty");
            }

            var args = StringArray(value, "args", at);
            var env = StringMap(value, "env", at);
            return args is null || env is null ? null : new McpServerConfig(name, McpTransport.Stdio, command, args, env, null, new Dictionary<string, string>());
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Problem(at + ".url", $"\"{url}\" is not an absolute http or https URL");
        }

        var headers = StringMap(value, "headers", at);
        return headers is null ? null : new McpServerConfig(name, McpTransport.Http, null, [], new Dictionary<string, string>(), uri, headers);
    }

    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= McpConfigReader.MaxNameLength
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string? OptionalString(JsonElement entry, string field) =>
        entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private List<string>? StringArray(JsonElement entry, string field, string at)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            Problem($"{at}.{field}", "must be an array of strings");
            return null;
        }

        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private Dictionary<string, string>? StringMap(JsonElement entry, string field, string at)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            Problem($"{at}.{field}", "must be an object of string values");
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Name.Contains('=', StringComparison.Ordinal) || property.Name.Contains('\0', StringComparison.Ordinal))
            {
                Problem($"{at}.{field}", $"\"{property.Name}\" is not a valid name");
                return null;
            }

            map[property.Name] = Expand(property.Value.GetString()!);
        }

        return map;
    }

    // ${NAME} takes the value from Agent42's own environment, so a secret can be handed to the one server that needs it
    // without being written into the file; an unset name expands to nothing.
    private string Expand(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start + 2);
            if (end < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i).Append(environment(text[(start + 2)..end]) ?? string.Empty);
            i = end + 1;
        }

        return result.ToString();
    }

    private McpServerConfig? Problem(string path, string message)
    {
        Problems.Add($"{file}: line {lines.Of(path)}: {path}: {message}");
        return null;
    }
}
