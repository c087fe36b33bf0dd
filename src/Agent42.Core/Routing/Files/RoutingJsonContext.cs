using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RoutingFile))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
