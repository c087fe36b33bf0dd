using Agent42.Core.Models.Catalog;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Routing;

/// <summary>Outcomes and models for routing tests.</summary>
internal static class RoutingTestData
{
    private static readonly DateTimeOffset Day = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public static OutcomeRecord Outcome(string model, TaskType type = TaskType.Coding, bool success = true, int iterations = 1,
        double? critic = 0.8, long tokens = 1000, bool trial = false) =>
        new("t", model, type, success, iterations, 8, critic, tokens / 2, tokens / 2, 1000, Day, trial);

    public static IEnumerable<OutcomeRecord> Many(int count, string model, TaskType type = TaskType.Coding, bool success = true, double? critic = 0.8) =>
        Enumerable.Range(0, count).Select(_ => Outcome(model, type, success, critic: critic));

    /// <summary>Runs of a model on a type (coding unless told) succeeding at <paramref name="rate"/> (in tenths: i % 10 below it), no critic score.</summary>
    public static IEnumerable<OutcomeRecord> Runs(int count, string model, double rate, TaskType type = TaskType.Coding) =>
        Enumerable.Range(0, count).Select(i => Outcome(model, type, success: i % 10 < rate * 10, critic: null));

    /// <summary>
    /// Three models (not in the catalog) whose record is the same on each of <paramref name="types"/> (two, five and
    /// eight successes in ten, the critic agreeing), so the log shows those types alike (see <c>TypeAlikeness</c>).
    /// </summary>
    public static IEnumerable<OutcomeRecord> AlikeOn(params TaskType[] types) =>
        new[] { 0.2, 0.5, 0.8 }.SelectMany((rate, m) => types.SelectMany(t =>
            Enumerable.Range(0, 20).Select(i => Outcome($"or-free-alike-{m}", t, success: i % 10 < rate * 10, critic: rate))));

    public static KnownModel Model(string key, bool tools = true, ModelStatus status = ModelStatus.Available, int context = 131072) =>
        new(key, "acme/" + key[ModelKeys.FreePrefix.Length..] + ":free", "acme/" + key, key, context, tools, false, status, Day, Day, Day);
}
