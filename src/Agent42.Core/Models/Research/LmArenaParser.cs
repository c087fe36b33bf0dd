using System.Globalization;
using System.Text.Json;

namespace Agent42.Core.Models.Research;

/// <summary>
/// Reads an LMArena leaderboard table (columns model_name, organization, rating, rating_lower, rating_upper,
/// vote_count, rank, category, leaderboard_publish_date), as CSV or as JSON rows (a bare array, or under
/// <c>"data"</c> or <c>"rows"</c>, each row possibly wrapped as <c>{"row":{...}}</c>). Only each category's latest
/// publish date is used. Ratings are Elo-like, so they become 0-1 by min-max within a category over the whole
/// table (matched or not). Category mapping: text, overall, full, default → general; coding, webdev → coding;
/// creative_writing → writing; math, hard_prompts → reasoning; instruction_following → general; others ignored.
/// </summary>
internal static class LmArenaParser
{
    public const string SourceName = "lmarena";

    private static readonly Dictionary<string, string> CategoryCapabilities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = Capabilities.General,
        ["overall"] = Capabilities.General,
        ["full"] = Capabilities.General,
        ["default"] = Capabilities.General,
        ["instruction_following"] = Capabilities.General,
        ["coding"] = Capabilities.Coding,
        ["webdev"] = Capabilities.Coding,
        ["creative_writing"] = Capabilities.Writing,
        ["math"] = Capabilities.Reasoning,
        ["hard_prompts"] = Capabilities.Reasoning,
    };

    /// <summary>Reads the table as JSON when it starts with <c>[</c> or <c>{</c>, as CSV otherwise.</summary>
    public static SourceParseResult Parse(string text, ModelNameMatcher matcher, DateTimeOffset fetched)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return SourceParseResult.Failed("the table is empty");
        }

        IReadOnlyList<Row> rows;
        if (trimmed[0] is '[' or '{')
        {
            try
            {
                rows = JsonRows(trimmed);
            }
            catch (JsonException ex)
            {
                return SourceParseResult.Failed($"the table is not JSON ({ex.Message})");
            }
        }
        else
        {
            rows = CsvTable.Read(text).Select(r => new Row(Get(r, "model_name"), Get(r, "category"), Double(Get(r, "rating")), Get(r, "leaderboard_publish_date"))).ToList();
        }

        return Score(rows, matcher, fetched);
    }

    private static SourceParseResult Score(IReadOnlyList<Row> rows, ModelNameMatcher matcher, DateTimeOffset fetched)
    {
        var collector = new ScoreCollector(matcher, SourceName);
        var usable = rows.Where(r => !string.IsNullOrWhiteSpace(r.Model) && r.Rating is not null).ToList();
        if (usable.Count == 0)
        {
            collector.Problem("no row has a model_name and a numeric rating");
            return collector.Result();
        }

        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var category in usable.GroupBy(r => string.IsNullOrWhiteSpace(r.Category) ? "overall" : r.Category!.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            if (!CategoryCapabilities.TryGetValue(category.Key, out var capability))
            {
                ignored.Add(category.Key);
                continue;
            }

            var latest = category.Max(r => r.PublishDate ?? string.Empty);
            var board = category.Where(r => (r.PublishDate ?? string.Empty) == latest).ToList();
            var (min, max) = (board.Min(r => r.Rating!.Value), board.Max(r => r.Rating!.Value));
            if (board.Count < 2 || max <= min)
            {
                collector.Problem($"category '{category.Key}' has too few distinct ratings to scale");
                continue;
            }

            var date = DateTimeOffset.TryParse(latest, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published) ? published : fetched;
            foreach (var row in board)
            {
                if (collector.Resolve(row.Model) is { } key)
                {
                    collector.Add(key, capability, (row.Rating!.Value - min) / (max - min), date);
                }
            }
        }

        if (ignored.Count > 0)
        {
            collector.Problem($"categories not mapped to a capability were ignored: {string.Join(", ", ignored)}");
        }

        return collector.Result();
    }

    private static List<Row> JsonRows(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var array = root.ValueKind == JsonValueKind.Array ? root
            : JsonNumbers.Child(root, "data") is { ValueKind: JsonValueKind.Array } data ? data
            : JsonNumbers.Child(root, "rows");
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no array of rows at the top, under \"data\" or under \"rows\"");
        }

        return array.EnumerateArray()
            .Select(e => JsonNumbers.Child(e, "row") is { ValueKind: JsonValueKind.Object } inner ? inner : e)
            .Select(e => new Row(JsonNumbers.String(e, "model_name"), JsonNumbers.String(e, "category"), JsonNumbers.Number(e, "rating"), DateText(e)))
            .ToList();
    }

    private static string? DateText(JsonElement row) =>
        JsonNumbers.Child(row, "leaderboard_publish_date") is { ValueKind: JsonValueKind.String or JsonValueKind.Number } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static string? Get(IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var value) && value.Length > 0 ? value.Trim() : null;

    private static double? Double(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private sealed record Row(string? Model, string? Category, double? Rating, string? PublishDate);
}
