using System.Text.Json.Serialization;

namespace Agent42.Core.Plugins;

/// <summary>Written last for a cache entry, so its presence means the image and PDB beside it are complete.</summary>
internal sealed record PluginCacheManifest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("source")] string SourcePath,
    [property: JsonPropertyName("assembly_name")] string AssemblyName,
    [property: JsonPropertyName("image_sha256")] string ImageHash,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("schema_validated_types")] IReadOnlyList<string>? SchemaValidatedTypes);

[JsonSerializable(typeof(PluginCacheManifest))]
internal sealed partial class PluginCacheJsonContext : JsonSerializerContext;
