using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Agent42.Sdk;

/// <summary>Source-generated metadata for the schema nodes the SDK serializes (no reflection cache involved).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonSchemaNodeContext : JsonSerializerContext;
