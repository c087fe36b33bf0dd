using System.Text.Json;

namespace Agent42.Sdk;

/// <summary>What the registry tells about one registered tool.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">The tool's description.</param>
/// <param name="Parameters">The tool's argument schema.</param>
/// <param name="Source">Built in, from a plugin file, or from an MCP server.</param>
/// <param name="FilePath">The plugin file, for plugin tools; the server's name, for MCP tools.</param>
public sealed record ToolInfo(string Name, string Description, JsonElement Parameters, ToolSource Source, string? FilePath);
