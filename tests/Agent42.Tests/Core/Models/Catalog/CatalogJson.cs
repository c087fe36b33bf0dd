using System.Text.Json.Nodes;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>Builds <c>/models</c> responses in OpenRouter's wire format for tests.</summary>
internal static class CatalogJson
{
    public static JsonObject Model(string id, string prompt = "0", string completion = "0", bool tools = true, string output = "text", string tokenizer = "Other") => new()
    {
        ["id"] = id,
        ["canonical_slug"] = id.Replace(":free", string.Empty, StringComparison.Ordinal),
        ["name"] = id,
        ["context_length"] = 131072,
        ["architecture"] = new JsonObject
        {
            ["modality"] = "text->" + output,
            ["input_modalities"] = new JsonArray("text"),
            ["output_modalities"] = new JsonArray(output.Split('+').Select(o => (JsonNode)o).ToArray()),
            ["tokenizer"] = tokenizer,
        },
        ["pricing"] = new JsonObject { ["prompt"] = prompt, ["completion"] = completion },
        ["supported_parameters"] = tools ? new JsonArray("max_tokens", "tools", "tool_choice") : new JsonArray("max_tokens"),
    };

    public static string Catalog(params JsonNode[] models) => new JsonObject { ["data"] = new JsonArray(models) }.ToJsonString();
}
