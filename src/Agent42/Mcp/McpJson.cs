using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent42.Mcp;

/// <summary>Source-generated JSON for what the MCP server builds itself.</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class McpJson : JsonSerializerContext;
