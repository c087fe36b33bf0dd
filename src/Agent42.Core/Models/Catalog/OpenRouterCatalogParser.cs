using System.Globalization;
using System.Text.Json;

namespace Agent42.Core.Models.Catalog;

/// <summary>
/// Reads a <c>GET /models</c> response tolerantly: unknown members are ignored, most fields may be missing,
/// and an entry that cannot be read is skipped with a reason instead of losing the whole catalog.
/// </summary>
internal static class OpenRouterCatalogParser
{
    public static CatalogParseResult Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CatalogFormatException($"the response is not JSON ({ex.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Array)
            {
                throw new CatalogFormatException("the response has no \"data\" array of models");
            }

            var models = new List<CatalogModel>();
            var skipped = new List<string>();
            var index = 0;
            foreach (var entry in data.EnumerateArray())
            {
                if (TryRead(entry, out var model, out var problem))
                {
                    models.Add(model);
                }
                else
                {
                    skipped.Add($"entry {index}{IdOf(entry)}: {problem}");
                }

                index++;
            }

            return new CatalogParseResult(models, skipped);
        }
    }

    private static bool TryRead(JsonElement entry, out CatalogModel model, out string? problem)
    {
        model = null!;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problem = "not an object";
            return false;
        }

        var id = String(entry, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            problem = "no id";
            return false;
        }

        if (!TryPrice(entry, "prompt", out var prompt, out problem) || !TryPrice(entry, "completion", out var completion, out problem))
        {
            return false;
        }

        var architecture = entry.TryGetProperty("architecture", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        model = new CatalogModel(
            id,
            String(entry, "canonical_slug") is { Length: > 0 } slug ? slug : id,
            String(entry, "name") ?? id,
            Int(entry, "context_length"),
            prompt,
            completion,
            Strings(architecture, "output_modalities"),
            String(architecture, "tokenizer"),
            Strings(entry, "supported_parameters"));
        problem = null;
        return true;
    }

    /// <summary>Prices are decimal strings in USD per token; a missing price is unknown, a malformed one an error.</summary>
    private static bool TryPrice(JsonElement entry, string name, out decimal? price, out string? problem)
    {
        price = null;
        problem = null;
        if (!entry.TryGetProperty("pricing", out var pricing) || pricing.ValueKind != JsonValueKind.Object
            || !pricing.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            price = parsed;
            return true;
        }

        problem = $"pricing.{name} '{text ?? value.GetRawText()}' is not a number";
        return false;
    }

    private static string IdOf(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && String(entry, "id") is { } id ? $" ({id})" : string.Empty;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : [];
}
