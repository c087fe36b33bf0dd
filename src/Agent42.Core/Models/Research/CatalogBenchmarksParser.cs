using System.Text.Json;

namespace Agent42.Core.Models.Research;

/// <summary>
/// Reads the Artificial Analysis indexes OpenRouter may embed in a <c>/models</c> entry
/// (<c>benchmarks.artificial_analysis{intelligence_index, coding_index, agentic_index}</c>, 0-100, divided by 100).
/// Mapping: coding_index → coding; intelligence_index → reasoning; the mean of intelligence_index and
/// agentic_index → general. Writing is not measured. Entries are keyed by OpenRouter id, so no name matching
/// beyond the id itself is needed.
/// </summary>
internal static class CatalogBenchmarksParser
{
    public const string SourceName = "openrouter_catalog";

    public static SourceParseResult Parse(string json, ModelNameMatcher matcher, DateTimeOffset date)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return SourceParseResult.Failed($"the catalog is not JSON ({ex.Message})");
        }

        using (document)
        {
            var data = JsonNumbers.Child(document.RootElement, "data");
            if (data.ValueKind != JsonValueKind.Array)
            {
                return SourceParseResult.Failed("the catalog has no \"data\" array");
            }

            var collector = new ScoreCollector(matcher, SourceName);
            var withBenchmarks = 0;
            foreach (var entry in data.EnumerateArray())
            {
                var indexes = JsonNumbers.Child(JsonNumbers.Child(entry, "benchmarks"), "artificial_analysis");
                if (indexes.ValueKind != JsonValueKind.Object || JsonNumbers.String(entry, "id") is not { Length: > 0 } id)
                {
                    continue;
                }

                withBenchmarks++;
                var key = collector.Resolve(id);
                if (key is null)
                {
                    continue;
                }

                var intelligence = Scale(JsonNumbers.Number(indexes, "intelligence_index"));
                var coding = Scale(JsonNumbers.Number(indexes, "coding_index"));
                var agentic = Scale(JsonNumbers.Number(indexes, "agentic_index"));
                AddIf(collector, key, Capabilities.Coding, coding, date);
                AddIf(collector, key, Capabilities.Reasoning, intelligence, date);
                AddIf(collector, key, Capabilities.General, JsonNumbers.Mean(intelligence, agentic), date);
            }

            if (withBenchmarks == 0)
            {
                collector.Problem("no catalog entry carries benchmarks.artificial_analysis");
            }

            return collector.Result();
        }
    }

    private static double? Scale(double? index) => index / 100;

    private static void AddIf(ScoreCollector collector, string key, string capability, double? score, DateTimeOffset date)
    {
        if (score is { } value)
        {
            collector.Add(key, capability, value, date);
        }
    }
}
