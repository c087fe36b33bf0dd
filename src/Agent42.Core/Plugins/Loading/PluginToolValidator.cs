using System.Text.Json;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Tools;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Checks what a plugin tool says about itself. Reading a plugin's properties runs its code, so every read is
/// guarded: a tool that throws is reported, never allowed to crash the host.
/// </summary>
internal static class PluginToolValidator
{
    /// <summary>
    /// Reads, once, what <paramref name="tool"/> says about itself and checks it: returns why it cannot be
    /// registered, or <see langword="null"/> with the <paramref name="snapshot"/> every later use reads instead.
    /// </summary>
    /// <param name="tool">The tool.</param>
    /// <param name="at">Where its type is declared, for the diagnostic.</param>
    /// <param name="cachedSchema">
    /// The schema this very image's tool produced when it was first loaded and validated (from the compile
    /// cache), or null: with it, the getter is not run again (the same image computes the same schema).
    /// </param>
    /// <param name="snapshot">The tool's name, description and an owned copy of its schema, on success.</param>
    public static PluginDiagnostic? Validate(Tool tool, PluginSourceLocation at, string? cachedSchema, out ToolSnapshot? snapshot)
    {
        snapshot = null;
        var typeName = tool.GetType().Name;
        JsonElement parameters = default;
        string? problem = null;
        var checkSchema = cachedSchema is null;

        // The clone and the shape check read the element too: a schema from a disposed JsonDocument throws there.
        if (!TryRead("name", () => tool.Name, out var name, out var failure) ||
            !TryRead("description", () => tool.Description, out var description, out failure) ||
            !TryRead("is_read_only", () => tool.IsReadOnly, out var isReadOnly, out failure) ||
            (checkSchema && !TryRead("parameters", () =>
            {
                var owned = tool.Parameters.Clone();
                problem = SchemaProblem(owned);
                return owned;
            }, out parameters, out failure)))
        {
            return PluginDiagnostic.Warning(at, PluginDiagnosticCodes.MetadataThrew,
                $"{typeName} was not loaded: reading its {failure}");
        }

        if (!ToolNameRule.IsValid(name))
        {
            return PluginDiagnostic.Warning(at, PluginDiagnosticCodes.InvalidName,
                $"{typeName} was not loaded: its name '{name}' must be {ToolNameRule.Requirement} ({ToolNameRule.Pattern})");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            return PluginDiagnostic.Warning(at, PluginDiagnosticCodes.EmptyDescription,
                $"{typeName} ('{name}') was not loaded: its description is empty; say what the tool does and when to use it, for the model");
        }

        if (problem is not null)
        {
            return PluginDiagnostic.Warning(at, PluginDiagnosticCodes.InvalidSchema, $"{typeName} ('{name}') was not loaded: its parameters {problem}");
        }

        snapshot = checkSchema
            ? new ToolSnapshot(tool, name, description, parameters) { IsReadOnly = isReadOnly }
            : new ToolSnapshot(tool, name, description, new Lazy<JsonElement>(() => ParseCached(cachedSchema!))) { IsReadOnly = isReadOnly };
        return null;
    }

    private static JsonElement ParseCached(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A hand-edited manifest: the image's hash still held, so the tool is fine; describe it as taking an object.
            using var document = JsonDocument.Parse("{\"type\":\"object\"}");
            return document.RootElement.Clone();
        }
    }

    /// <summary>What is wrong with a parameters schema, or <see langword="null"/> when it is a JSON object schema.</summary>
    public static string? SchemaProblem(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return $"must be a JSON object schema, not {(schema.ValueKind == JsonValueKind.Undefined ? "nothing" : schema.ValueKind.ToString().ToLowerInvariant())}";
        }

        if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
        {
            return "must have \"type\": \"object\"";
        }

        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind != JsonValueKind.Object)
        {
            return "must have \"properties\" as an object";
        }

        if (schema.TryGetProperty("required", out var required)
            && (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String)))
        {
            return "must have \"required\" as an array of property names";
        }

        return null;
    }

    private static bool TryRead<T>(string what, Func<T> read, out T? value, out string? failure)
    {
        try
        {
            value = read();
            failure = null;
            return true;
        }
#pragma warning disable CA1031 // The plugin's code may throw anything; the host must survive it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            value = default;
            failure = $"{what} threw {ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }
}
