using System.Text;
using System.Text.Json;

namespace Agent42.Core.Models.Research;

/// <summary>
/// Reads an LLM's answer to the leaderboard-extraction prompt: a JSON array
/// <c>[{"model":"...","coding":0.8,"reasoning":...,"writing":...,"general":...}]</c>, possibly inside a fence or
/// prose. The first parseable array of objects is used. A value that is not a JSON number is discarded; if any
/// value in the answer exceeds 1 the whole answer is read as 0-100 and divided; results are clamped to 0-1.
/// </summary>
internal static class LlmScoresParser
{
    public static SourceParseResult Parse(string answer, string source, ModelNameMatcher matcher, DateTimeOffset date)
    {
        if (FindArray(answer) is not { } entries)
        {
            return SourceParseResult.Failed("the answer holds no JSON array of model scores");
        }

        var collector = new ScoreCollector(matcher, source);
        var read = new List<(string Model, string Capability, double Value)>();
        var discarded = 0;
        foreach (var entry in entries)
        {
            if (JsonNumbers.String(entry, "model") is not { Length: > 0 } model)
            {
                discarded++;
                continue;
            }

            foreach (var capability in Capabilities.All)
            {
                var value = JsonNumbers.Child(entry, capability);
                if (value.ValueKind == JsonValueKind.Undefined || value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (JsonNumbers.Number(entry, capability, allowString: false) is { } number)
                {
                    read.Add((model, capability, number));
                }
                else
                {
                    discarded++;
                }
            }
        }

        var scale = read.Any(r => r.Value > 1) ? 100d : 1d;
        foreach (var (model, capability, value) in read)
        {
            if (collector.Resolve(model) is { } key)
            {
                collector.Add(key, capability, value / scale, date);
            }
        }

        if (discarded > 0)
        {
            collector.Problem($"{discarded} entries or values were not numbers with a model name and were discarded");
        }

        return collector.Result();
    }

    private static List<JsonElement>? FindArray(string answer)
    {
        for (var start = answer.IndexOf('[', StringComparison.Ordinal); start >= 0; start = answer.IndexOf('[', start + 1))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(answer[start..]), new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            try
            {
                if (JsonDocument.TryParseValue(ref reader, out var document))
                {
                    using (document)
                    {
                        var items = document.RootElement.EnumerateArray().ToList();
                        if (items.Count > 0 && items.All(i => i.ValueKind == JsonValueKind.Object))
                        {
                            return items.Select(i => i.Clone()).ToList();
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not an array here (a bracket in prose); try the next one.
            }
        }

        return null;
    }
}
