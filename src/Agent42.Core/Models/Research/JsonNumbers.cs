using System.Globalization;
using System.Text.Json;

namespace Agent42.Core.Models.Research;

/// <summary>Tolerant reads from <see cref="JsonElement"/>s for the research parsers.</summary>
internal static class JsonNumbers
{
    public static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static string? String(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>A number, or a string holding one when <paramref name="allowString"/>; anything else is null.</summary>
    public static double? Number(JsonElement element, string name, bool allowString = true)
    {
        var value = Child(element, name);
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var n) && double.IsFinite(n) => n,
            JsonValueKind.String when allowString
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
            _ => null,
        };
    }

    /// <summary>The mean of the values present, or null when none is.</summary>
    public static double? Mean(params double?[] values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : present.Average();
    }
}
