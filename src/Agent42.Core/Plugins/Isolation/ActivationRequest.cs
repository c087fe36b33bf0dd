using System.Collections.Immutable;
using System.Text.Json;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Isolation;

/// <summary>
/// What the checking process sends the activation child on its standard input, as one JSON document: the
/// compiled image (already through the policy) and where its types are declared, so the child runs no compiler.
/// </summary>
internal static class ActivationRequest
{
    public static void Write(Utf8JsonWriter writer, PluginBuild build)
    {
        writer.WriteStartObject();
        writer.WriteString("file", build.FilePath);
        writer.WriteString("assembly", build.AssemblyName);
        writer.WriteBase64String("image", build.Image.AsSpan());
        writer.WriteBase64String("pdb", build.Pdb.IsDefault ? [] : build.Pdb.AsSpan());
        writer.WriteStartArray("types");
        foreach (var (name, at) in build.TypeLocations)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("file", at.FilePath);
            writer.WriteNumber("line", at.Line);
            writer.WriteNumber("column", at.Column);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a request back into a loadable build; throws <see cref="JsonException"/> or <see cref="KeyNotFoundException"/> on a malformed one.</summary>
    public static PluginBuild Read(JsonElement root)
    {
        var file = root.GetProperty("file").GetString()!;
        var types = new Dictionary<string, PluginSourceLocation>(StringComparer.Ordinal);
        foreach (var type in root.GetProperty("types").EnumerateArray())
        {
            types[type.GetProperty("name").GetString()!] = new PluginSourceLocation(
                type.GetProperty("file").GetString()!, type.GetProperty("line").GetInt32(), type.GetProperty("column").GetInt32());
        }

        return PluginBuild.FromImage(
            file,
            ImmutableArray.Create(root.GetProperty("image").GetBytesFromBase64()),
            ImmutableArray.Create(root.GetProperty("pdb").GetBytesFromBase64()),
            typeLocations: types,
            assemblyName: root.GetProperty("assembly").GetString());
    }
}
