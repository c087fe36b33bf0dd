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
    /// <summary>Why <paramref name="tool"/> cannot be registered, or <see langword="null"/> when it can.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="at">Where its type is declared, for the diagnostic.</param>
    /// <param name="checkSchema">
    /// Whether to generate and check the parameters schema; false only for an image whose schemas were checked
    /// when it was first loaded (the same image computes the same schema).
    /// </param>
    public static PluginDiagnostic? Validate(Tool tool, PluginSourceLocation at, bool checkSchema = true)
    {
        var typeName = tool.GetType().Name;
        JsonElement parameters = default;
        if (!TryRead("name", () => tool.Name, out var name, out var failure) ||
            !TryRead("description", () => tool.Description, out var description, out failure) ||
            (checkSchema && !TryRead("parameters", () => tool.Parameters, out parameters, out failure)))
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

        return checkSchema && SchemaProblem(parameters) is { } problem
            ? PluginDiagnostic.Warning(at, PluginDiagnosticCodes.InvalidSchema, $"{typeName} ('{name}') was not loaded: its parameters {problem}")
            : null;
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
