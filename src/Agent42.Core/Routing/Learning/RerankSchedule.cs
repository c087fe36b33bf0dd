using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Storage;
using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// When to rerank, and the rerank itself: every model ranked per task type, written to <c>dynamic_routing.json</c>
/// and <c>model_performance.json</c> (beside the outcome log). Due after <c>MODEL_RERANK_EVERY_TASKS</c> outcomes
/// recorded since the routing file was last written, or <c>MODEL_RERANK_INTERVAL_MINUTES</c> with new outcomes;
/// counted from the log and the file, so one-shot commands in separate processes add up like tasks in one shell.
/// </summary>
internal sealed class RerankSchedule(RoutingFileStore store, RoutingOptions options, string dataDirectory, TimeProvider time)
{
    /// <summary>Whether enough outcomes, or enough time with new outcomes, have come since the last rerank.</summary>
    public bool Due(OutcomeStats stats)
    {
        var since = store.Current()?.LastUpdated ?? DateTimeOffset.MinValue;
        // Counted only as far as the answer needs: whether there are any, and whether there are enough.
        var fresh = stats.CountRecordedAfter(since, atMost: Math.Max(1, options.RerankEveryTasks));
        var intervalPassed = time.GetUtcNow() - since >= TimeSpan.FromMinutes(options.RerankIntervalMinutes);
        // The interval only refreshes an existing routing; the first one waits for MODEL_RERANK_EVERY_TASKS outcomes.
        return fresh >= options.RerankEveryTasks || (intervalPassed && fresh > 0 && since != DateTimeOffset.MinValue);
    }

    /// <summary>Ranks every model per task type and writes the routing file and the performance summary.</summary>
    public RoutingFile Run(OutcomeStats stats, ProviderRegistry registry, Func<string, TaskType, double?> priors)
    {
        var eligible = registry.Routable(requireTools: true, minContext: null).Select(m => m.Key).ToArray();
        var file = Reranker.Rerank(stats, eligible, priors, options, time.GetUtcNow());
        store.Save(file);
        var summary = new PerformanceSummary(PerformanceSummary.CurrentSchemaVersion, time.GetUtcNow(), stats.Count,
            Enum.GetValues<TaskType>().ToDictionary(
                TaskTypeNames.WireName,
                type => (IReadOnlyList<PerformanceRow>)stats.Ranks(type, key => priors(key, type), options.PriorWeight).Select(PerformanceRow.From).ToArray()));
        AtomicFile.WriteAllBytes(Path.Combine(dataDirectory, PerformanceSummary.FileName),
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(summary, PerformanceJsonContext.Default.PerformanceSummary));
        return file;
    }
}
