using Agent42.Core.Agent;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Storage;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>
/// Ties the routing together for the commands and the runner: the outcome log, the provider registry, the router,
/// and reranking (after every <c>MODEL_RERANK_EVERY_TASKS</c> new outcomes, or on demand).
/// </summary>
internal sealed class RoutingService(
    ModelCatalogSync catalog,
    ModelRouter router,
    RoutingFileStore store,
    RoutingOptions options,
    IConfiguration configuration,
    string outcomeLogPath,
    TimeProvider time,
    Research.ModelResearchStore? research = null)
{
    private readonly Random _random = new();
    private readonly Lock _gate = new();
    private OutcomeStats? _stats;
    private long _loadedLength = -1;

    public ProviderRegistry Registry() => ProviderRegistry.Create(catalog.Current().Models, configuration[AgentRunner.LocalModelsVariable]);

    public (IReadOnlyList<RecordedOutcome> Outcomes, IReadOnlyList<string> Skipped) Outcomes() => OutcomeLog.Read(outcomeLogPath);

    /// <summary>
    /// The running sums of the outcome log, read once and then kept up to date as outcomes are recorded here; read
    /// again whole when another process has appended to the log.
    /// </summary>
    public OutcomeStats Stats()
    {
        lock (_gate)
        {
            var length = File.Exists(outcomeLogPath) ? new FileInfo(outcomeLogPath).Length : 0;
            if (_stats is null || length != _loadedLength)
            {
                _stats = OutcomeStats.From(Outcomes().Outcomes);
                _loadedLength = length;
            }

            return _stats;
        }
    }

    public RoutingDecision Route(TaskType type, bool usesTools = true)
    {
        var stats = Stats();
        var registry = Registry();
        var prior = Priors(registry);
        lock (_random)
        {
            return router.Route(type, registry, stats, _random, usesTools, key => prior(key, type));
        }
    }

    /// <summary>
    /// The research prior of a model for a task type (by the model's provider id, as research keys its scores), or
    /// null when research has nothing on it.
    /// </summary>
    public Func<string, TaskType, double?> Priors(ProviderRegistry registry)
    {
        if (research?.Load() is not { } file)
        {
            return (_, _) => null;
        }

        var priors = new Research.ResearchPriors(file, options.PriorWeight);
        return (key, type) => registry.Resolve(key) is { } model
            ? priors.PriorForTask(model.ProviderModelId, TaskTypeDefaults.WireName(type))
            : null;
    }

    /// <summary>Ranks every model per task type from the whole log and writes the routing file.</summary>
    public RoutingFile Rerank()
    {
        var registry = Registry();
        var eligible = registry.Routable(requireTools: true, minContext: null).Select(m => m.Key).ToArray();
        var stats = Stats();
        var priors = Priors(registry);
        var file = Reranker.Rerank(stats, eligible, priors, options, time.GetUtcNow());
        store.Save(file);
        var summary = new PerformanceSummary(PerformanceSummary.CurrentSchemaVersion, time.GetUtcNow(), stats.Count,
            Enum.GetValues<TaskType>().ToDictionary(
                TaskTypeDefaults.WireName,
                type => (IReadOnlyList<PerformanceRow>)stats.Ranks(type, key => priors(key, type), options.PriorWeight).Select(PerformanceRow.From).ToArray()));
        AtomicFile.WriteAllBytes(Path.Combine(Path.GetDirectoryName(outcomeLogPath)!, PerformanceSummary.FileName),
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(summary, PerformanceJsonContext.Default.PerformanceSummary));
        return file;
    }

    /// <summary>
    /// Reranks when <c>MODEL_RERANK_EVERY_TASKS</c> outcomes have been recorded since the routing file was last
    /// written, or <c>MODEL_RERANK_INTERVAL_MINUTES</c> have passed with new outcomes. Counted from the log and the
    /// file, so one-shot commands in separate processes add up like tasks in one shell.
    /// </summary>
    public bool OutcomeRecorded(OutcomeAppend append)
    {
        lock (_gate)
        {
            if (_stats is not null && _loadedLength == append.LengthBefore)
            {
                _stats.Add(append.Outcome);
                _loadedLength = append.LengthAfter;
            }
            else
            {
                // Another process appended too: read the whole log again when next asked.
                _stats = null;
            }
        }

        if (!RerankDue())
        {
            return false;
        }

        Rerank();
        return true;
    }

    /// <summary>Whether enough outcomes, or enough time with new outcomes, have come since the last rerank.</summary>
    public bool RerankDue()
    {
        var since = store.Current()?.LastUpdated ?? DateTimeOffset.MinValue;
        var fresh = Stats().CountRecordedAfter(since);
        var intervalPassed = time.GetUtcNow() - since >= TimeSpan.FromMinutes(options.RerankIntervalMinutes);
        // The interval only refreshes an existing routing; the first one waits for MODEL_RERANK_EVERY_TASKS outcomes.
        return fresh >= options.RerankEveryTasks || (intervalPassed && fresh > 0 && since != DateTimeOffset.MinValue);
    }

    /// <summary>Every model's standing on a task type, best first, for <c>routing explain</c>.</summary>
    public IReadOnlyList<ModelRank> Ranks(TaskType type)
    {
        var prior = Priors(Registry());
        return Stats().Ranks(type, key => prior(key, type), options.PriorWeight);
    }

    public RoutingFile? Learned() => store.Current();

    public int MinTrials => options.MinTrials;
}
