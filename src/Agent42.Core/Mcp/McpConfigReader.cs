using System.Text;
using System.Text.Json;
using Agent42.Core.Storage;

namespace Agent42.Core.Mcp;

/// <summary>
/// Reads <c>.mcp.json</c>, the <c>{"mcpServers": {"name": {"command", "args", "env"} | {"url", "headers"}}}</c> shape
/// other MCP clients use. Never throws: a missing or empty file is no servers; a file that is not JSON, not that shape,
/// or not a regular file is one problem and no servers; a bad entry is one problem and the other entries still count.
/// </summary>
internal static class McpConfigReader
{
    public const string Holds = "the MCP server list";

    /// <summary>The longest server name; it becomes part of its tools' names, which are at most 49 characters.</summary>
    public const int MaxNameLength = 32;

    // The file decides what Agent42 executes, so it is read whole once and never followed while it grows.
    private const int MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <param name="file">The file, absolute.</param>
    /// <param name="environment">Agent42's environment, for <c>${NAME}</c> references in <c>env</c> and <c>headers</c>.</param>
    public static McpConfig Read(string file, Func<string, string?> environment)
    {
        byte[]? bytes;
        try
        {
            bytes = StateFileRead.ReadAllBytesOrNull(file, Holds);
        }
        catch (StateFileException)
        {
            var kind = StatePath.KindOf(file);
            var what = kind is { } k ? StatePath.Describe(k) : "not a regular file";
            return Failed(file, $"{file} is {what}, not a regular file; Agent42 reads {Holds} there (AGENT42_MCP_CONFIG names another), so no MCP server is started");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(file, $"{file} cannot be read ({ex.Message}), so no MCP server is started");
        }

        if (bytes is null || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return McpConfig.None(file);
        }

        if (bytes.Length > MaxBytes)
        {
            return Failed(file, $"{file} is larger than {MaxBytes / 1024} KB, so no MCP server is started");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? $"line {n + 1}: " : string.Empty;
            return Failed(file, $"{file}: {line}not valid JSON ({FirstSentence(ex.Message)}), so no MCP server is started");
        }

        using (document)
        {
            var lines = McpConfigLines.Map(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed(file, $"{file}: line 1: expected an object with \"mcpServers\", got {Kind(root)}, so no MCP server is started");
            }

            if (!root.TryGetProperty("mcpServers", out var servers) || servers.ValueKind == JsonValueKind.Null)
            {
                return McpConfig.None(file);
            }

            if (servers.ValueKind != JsonValueKind.Object)
            {
                return Failed(file, $"{file}: line {lines.Of("mcpServers")}: mcpServers must be an object of servers by name, got {Kind(servers)}, so no MCP server is started");
            }

            var entries = new McpEntryReader(file, lines, environment);
            var valid = new List<McpServerConfig>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in servers.EnumerateObject())
            {
                if (!seen.Add(entry.Name))
                {
                    entries.Problems.Add($"{file}: mcpServers.{entry.Name}: the name is given twice; only the first entry counts");
                    continue;
                }

                if (entries.Read(entry) is { } server)
                {
                    valid.Add(server);
                }
            }

            return new McpConfig(file, valid, entries.Problems);
        }
    }

    internal static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static McpConfig Failed(string file, string problem) => new(file, [], [problem]);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return new StringBuilder(cut > 0 ? message[..cut] : message).ToString().TrimEnd(' ', '|', '.');
    }
}
