using System.Globalization;
using System.Text;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Cache;

/// <summary>
/// Written last for a cache entry, so its presence means the image and PDB beside it are complete. A few
/// <c>name: value</c> lines rather than JSON: reading it is on the path of every cached start, and the first
/// System.Text.Json deserialization in a process costs more than all the rest of a cached load
/// (scripts/bench-plugins.sh).
/// </summary>
internal sealed record PluginCacheManifest(
    string Key,
    string SourcePath,
    string AssemblyName,
    string ImageHash,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> SchemaValidatedTypes,
    IReadOnlyDictionary<string, PluginSourceLocation> TypeLocations,
    IReadOnlyList<CachedDependency> Dependencies)
{
    // 2: entries are named by the source alone and list the #load-ed files they hold for.
    // 3: the validated schemas themselves are kept, one "schema: type|json" line each.
    // 4: the tools' names, descriptions and read-only flags, one "tool: type|r|name|description" line each, so a
    //    cached start registers them without activating the image.
    private const string Header = "agent42-plugin-cache 4";

    /// <summary>The validated schemas, compact JSON (which has no line breaks) by tool type.</summary>
    public IReadOnlyDictionary<string, string> Schemas { get; init; } = new Dictionary<string, string>();

    /// <summary>The tools the first activation registered (see <see cref="CachedImage.Tools"/>).</summary>
    public IReadOnlyList<CachedTool> Tools { get; init; } = [];

    public string Write()
    {
        var text = new StringBuilder()
            .Append(Header).Append('\n')
            .Append("key: ").Append(Key).Append('\n')
            .Append("source: ").Append(SourcePath).Append('\n')
            .Append("assembly: ").Append(AssemblyName).Append('\n')
            .Append("image-sha256: ").Append(ImageHash).Append('\n')
            .Append("created: ").Append(CreatedAt.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var type in SchemaValidatedTypes)
        {
            text.Append("schema-validated: ").Append(type).Append('\n');
        }

        foreach (var (type, schema) in Schemas)
        {
            // A type's full name has no '|'; the JSON goes last.
            text.Append("schema: ").Append(type).Append('|').Append(schema).Append('\n');
        }

        foreach (var tool in Tools)
        {
            // A type's full name and a tool name have no '|'; the description, escaped to one line, goes last.
            text.Append("tool: ").Append(tool.TypeName).Append('|').Append(tool.IsReadOnly ? 'r' : 'w').Append('|')
                .Append(tool.Name).Append('|').Append(Uri.EscapeDataString(tool.Description)).Append('\n');
        }

        foreach (var (type, at) in TypeLocations)
        {
            // The path goes last: it is the one part that may contain the separator.
            text.Append("type-location: ").Append(type).Append('|').Append(at.Line).Append('|').Append(at.Column)
                .Append('|').Append(at.FilePath).Append('\n');
        }

        foreach (var dependency in Dependencies)
        {
            text.Append("dependency: ").Append(dependency.Hash).Append('|').Append(dependency.Path).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a manifest; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static PluginCacheManifest Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException("not a plugin cache manifest");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var validated = new List<string>();
        var locations = new Dictionary<string, PluginSourceLocation>(StringComparer.Ordinal);
        var dependencies = new List<CachedDependency>();
        var schemas = new Dictionary<string, string>(StringComparer.Ordinal);
        var tools = new List<CachedTool>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"malformed manifest line '{line}'");
            }

            var (name, value) = (line[..colon], line[(colon + 2)..]);
            if (name == "schema-validated")
            {
                validated.Add(value);
            }
            else if (name == "schema")
            {
                var bar = value.IndexOf('|', StringComparison.Ordinal);
                if (bar <= 0)
                {
                    throw new InvalidDataException($"malformed schema '{value}'");
                }

                schemas[value[..bar]] = value[(bar + 1)..];
            }
            else if (name == "tool")
            {
                var parts = value.Split('|', 4);
                if (parts.Length != 4 || parts[1] is not ("r" or "w"))
                {
                    throw new InvalidDataException($"malformed tool '{value}'");
                }

                tools.Add(new CachedTool(parts[0], parts[2], Uri.UnescapeDataString(parts[3]), parts[1] == "r"));
            }
            else if (name == "dependency")
            {
                var bar = value.IndexOf('|', StringComparison.Ordinal);
                if (bar <= 0)
                {
                    throw new InvalidDataException($"malformed dependency '{value}'");
                }

                dependencies.Add(new CachedDependency(value[(bar + 1)..], value[..bar]));
            }
            else if (name == "type-location")
            {
                var parts = value.Split('|', 4);
                if (parts.Length != 4)
                {
                    throw new InvalidDataException($"malformed type location '{value}'");
                }

                locations[parts[0]] = new PluginSourceLocation(parts[3],
                    int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
            }
            else
            {
                values[name] = value;
            }
        }

        string Required(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"the manifest has no '{name}'");

        return new PluginCacheManifest(Required("key"), Required("source"), Required("assembly"), Required("image-sha256"),
            DateTimeOffset.Parse(Required("created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), validated, locations, dependencies)
        {
            Schemas = schemas,
            Tools = tools,
        };
    }
}
