using System.Text.Json;

namespace Agent42.Core.Models.Research;

/// <summary>
/// Reads the Artificial Analysis API's <c>GET /api/v2/data/llms/models</c> answer. Models are matched by their
/// slug, then by their name. Indexes are 0-100 (divided by 100). Mapping: coding index → coding; intelligence
/// index → general; the mean of intelligence and math indexes → reasoning. Writing is not measured.
/// </summary>
internal static class ArtificialAnalysisParser
{
    public const string SourceName = "artificial_analysis";

    public static SourceParseResult Parse(string json, ModelNameMatcher matcher, DateTimeOffset date)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return SourceParseResult.Failed($"the answer is not JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            var data = root.ValueKind == JsonValueKind.Array ? root : JsonNumbers.Child(root, "data");
            if (data.ValueKind != JsonValueKind.Array)
            {
                return SourceParseResult.Failed("the answer has no \"data\" array");
            }

            var collector = new ScoreCollector(matcher, SourceName);
            foreach (var model in data.EnumerateArray())
            {
                var slug = JsonNumbers.String(model, "slug");
                var name = JsonNumbers.String(model, "name");
                if (string.IsNullOrWhiteSpace(slug) && string.IsNullOrWhiteSpace(name))
                {
                    collector.Problem("a model has neither slug nor name");
                    continue;
                }

                var evaluations = JsonNumbers.Child(model, "evaluations");
                var intelligence = JsonNumbers.Number(evaluations, "artificial_analysis_intelligence_index") / 100;
                var coding = JsonNumbers.Number(evaluations, "artificial_analysis_coding_index") / 100;
                var math = JsonNumbers.Number(evaluations, "artificial_analysis_math_index") / 100;
                if (intelligence is null && coding is null && math is null)
                {
                    continue;
                }

                var key = collector.Resolve(slug, name);
                if (key is null)
                {
                    continue;
                }

                if (coding is { } c)
                {
                    collector.Add(key, Capabilities.Coding, c, date);
                }

                if (intelligence is { } i)
                {
                    collector.Add(key, Capabilities.General, i, date);
                }

                if (JsonNumbers.Mean(intelligence, math) is { } r)
                {
                    collector.Add(key, Capabilities.Reasoning, r, date);
                }
            }

            return collector.Result();
        }
    }
}
