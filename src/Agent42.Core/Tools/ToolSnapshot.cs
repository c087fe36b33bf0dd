using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Core.Tools;

/// <summary>
/// A tool and what it said about itself, read once: a plugin's getters run its code, so the registry, listings
/// and model declarations use these values, never the live getters (which may throw later, or hand out an
/// element of a disposed <see cref="JsonDocument"/>).
/// </summary>
internal sealed class ToolSnapshot
{
    private readonly Lazy<JsonElement> _parameters;

    public ToolSnapshot(Tool tool, string name, string description, JsonElement parameters)
        : this(tool, name, description, new Lazy<JsonElement>(parameters))
    {
    }

    /// <param name="tool">The instance that runs the calls.</param>
    /// <param name="name">Its name, as read.</param>
    /// <param name="description">Its description, as read.</param>
    /// <param name="parameters">
    /// Its schema, an element that owns its memory; lazy only for a schema the SDK generates from an arguments
    /// record that a cached image already validated, which runs no plugin code.
    /// </param>
    public ToolSnapshot(Tool tool, string name, string description, Lazy<JsonElement> parameters)
    {
        Tool = tool;
        Name = name;
        Description = description;
        _parameters = parameters;
    }

    public Tool Tool { get; }

    public string Name { get; }

    public string Description { get; }

    public JsonElement Parameters => _parameters.Value;

    /// <summary>Whether the tool said it only reads (<see cref="Tool.IsReadOnly"/>); approval lets such calls run unasked.</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>A trusted (built-in) tool's metadata: name and description now, the schema when first asked for.</summary>
    public static ToolSnapshot Of(Tool tool) => new(tool, tool.Name, tool.Description, new Lazy<JsonElement>(() => tool.Parameters.Clone()))
    {
        IsReadOnly = tool.IsReadOnly,
    };
}
