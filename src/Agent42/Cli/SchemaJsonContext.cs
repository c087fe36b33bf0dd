using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent42.Cli;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;
