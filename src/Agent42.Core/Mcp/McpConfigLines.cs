using System.Text.Json;

namespace Agent42.Core.Mcp;

/// <summary>
/// The line each property of <c>.mcp.json</c> starts on, by its dotted path (<c>mcpServers.github.command</c>), so a
/// problem found in the parsed document can name its line. A <see cref="JsonElement"/> does not keep positions.
/// </summary>
internal sealed class McpConfigLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private McpConfigLines()
    {
    }

    /// <summary>The 1-based line of <paramref name="path"/>, or of its nearest parent that has one; 1 when none does.</summary>
    public int Of(string path)
    {
        for (var current = path; ; current = current[..current.LastIndexOf('.')])
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }

            if (!current.Contains('.', StringComparison.Ordinal))
            {
                return 1;
            }
        }
    }

    /// <summary>Maps the properties of <paramref name="json"/> down to three levels; the bytes must already parse.</summary>
    public static McpConfigLines Map(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var map = new McpConfigLines();
        var reader = new Utf8JsonReader(json, options);
        var path = new List<string>();
        var line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                line += json[(int)counted..(int)reader.TokenStartIndex].Count((byte)'\n');
                counted = reader.TokenStartIndex;
                // A property of the root object is at depth 1.
                var level = reader.CurrentDepth - 1;
                if (path.Count > level)
                {
                    path.RemoveRange(level, path.Count - level);
                }

                path.Add(reader.GetString() ?? string.Empty);
                if (level < 3)
                {
                    map._lines.TryAdd(string.Join('.', path), line);
                }
            }
        }

        return map;
    }
}
