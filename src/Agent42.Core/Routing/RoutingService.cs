using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
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
    IOutcomeLogWrites writes,
    TimeProvider time,
    Research.ModelResearchStore? research = null)
{
    // Lines this process appended but whose callers have not handed them over are waited for, but not for ever:
    // a caller that failed between its append and OutcomeRecorded never will. Past these, the log is read again.
    // One late caller holds up every line after its own: under load a continuation can run 200 ms late, by which
    // time the other tasks may have recorded thousands; holding those costs far less than reading the log.
    private const int MaxHeld = 10_000;
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(2);

    private readonly Random _random = new();
    private readonly Lock _gate = new();
    private readonly string _outcomeLogPath = writes.Path;

    // Appends handed over ahead of _loadedLength (callers answered by one fsync come back in any order), by where
    // they start; each is taken when the lines before it are.
    private readonly Dictionary<long, OutcomeAppend> _held = [];

    // _stats are exactly the log's first _loadedLength bytes, as a whole read of that much would count them.
    private OutcomeStats? _stats;
    private long _loadedLength;

    // Those bytes end inside a line: whatever is appended changes how that line reads, so only a read can follow.
    private bool _loadedMidLine;

    // Since when the log has had bytes past _loadedLength that this process wrote but nobody handed over.
    private long _gapAt = -1;
    private long _gapSince;
    private int _logReads;

    public ProviderRegistry Registry() => ProviderRegistry.Create(catalog.Current().Models, configuration[LocalModels.Variable]);

    public (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) Outcomes() => OutcomeLog.Read(_outcomeLogPath);

    /// <summary>How many times the whole log has been read for the running sums.</summary>
    internal int LogReads
    {
        get
        {
            lock (_gate)
            {
                return _logReads;
            }
        }
    }

    /// <summary>
    /// The running sums of the outcome log, read once and then kept up to date as outcomes are recorded here; read
    /// again whole when another process has appended to the log. Lines this process has appended but not yet handed
    /// to <see cref="OutcomeRecorded"/> are not in them yet.
    /// </summary>
    public OutcomeStats Stats()
    {
        lock (_gate)
        {
            if (_stats is null || !FollowsTheLog())
            {
                var (outcomes, length, midLine) = OutcomeLog.ReadAsOfNow(_outcomeLogPath);
                _stats = OutcomeStats.From(outcomes);
                (_loadedLength, _loadedMidLine) = (length, midLine);
                // Every held append was on disk before it was handed over, so the read has it.
                _held.Clear();
                _gapAt = -1;
                _logReads++;
            }

            return _stats;
        }
    }

    /// <summary>
    /// Whether the sums can stand for the log on disk: it has nothing past them, or only lines this process wrote,
    /// which their callers are about to hand over (<see cref="OutcomeRecorded"/>). Call under the lock.
    /// </summary>
    private bool FollowsTheLog()
    {
        var length = File.Exists(_outcomeLogPath) ? new FileInfo(_outcomeLogPath).Length : 0;
        if (length == _loadedLength)
        {
            return _held.Count == 0;
        }

        if (length < _loadedLength || _loadedMidLine || !writes.Wrote(_loadedLength, length))
        {
            return false;
        }

        if (_gapAt != _loadedLength)
        {
            (_gapAt, _gapSince) = (_loadedLength, time.GetTimestamp());
            return true;
        }

        return time.GetElapsedTime(_gapSince) < GapPatience;
    }

    public RoutingDecision Route(TaskType type, bool usesTools = true, int? minContext = null, bool allowTrial = true)
    {
        var stats = Stats();
        var registry = Registry();
        var prior = Priors(registry);
        lock (_random)
        {
            return router.Route(type, registry, stats, _random, usesTools, key => prior(key, type), minContext, allowTrial);
        }
    }

    /// <summary>The explicit layer: the model the user named, without the log or research (see <see cref="ModelRouter.Explicit"/>).</summary>
    public RoutingDecision Explicit(TaskType type, string model) => ModelRouter.Explicit(type, Registry(), model);

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
            ? priors.PriorForTask(model.ProviderModelId, TaskTypeNames.WireName(type))
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
                TaskTypeNames.WireName,
                type => (IReadOnlyList<PerformanceRow>)stats.Ranks(type, key => priors(key, type), options.PriorWeight).Select(PerformanceRow.From).ToArray()));
        AtomicFile.WriteAllBytes(Path.Combine(Path.GetDirectoryName(_outcomeLogPath)!, PerformanceSummary.FileName),
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(summary, PerformanceJsonContext.Default.PerformanceSummary));
        return file;
    }

    /// <summary>
    /// Takes the recorded line into the running sums, in whatever order tasks hand theirs over (those answered by
    /// one fsync run on in any order); then reranks when <c>MODEL_RERANK_EVERY_TASKS</c> outcomes have been
    /// recorded since the routing file was last written, or <c>MODEL_RERANK_INTERVAL_MINUTES</c> have passed with
    /// new outcomes. Counted from the log and the file, so one-shot commands in separate processes add up like
    /// tasks in one shell.
    /// </summary>
    public bool OutcomeRecorded(OutcomeAppend append)
    {
        lock (_gate)
        {
            Take(append);
        }

        if (!RerankDue())
        {
            return false;
        }

        Rerank();
        return true;
    }

    /// <summary>
    /// Adds an appended line to the sums if they reach its start, with any held lines that follow; holds it if
    /// lines before it are still to come; drops the sums when only a read can say what the log holds. In log order,
    /// so the sums are exactly those of a whole read. Call under the lock.
    /// </summary>
    private void Take(OutcomeAppend append)
    {
        if (_stats is null || append.LengthAfter <= _loadedLength)
        {
            // The next read, or the last one, has it: the line was on disk before it was handed over.
            return;
        }

        if (append.LengthBefore < _loadedLength || _loadedMidLine || (append.LengthBefore > _loadedLength && _held.Count >= MaxHeld))
        {
            // The read ended inside a line, or too many lines wait for one that may never come.
            Forget();
            return;
        }

        if (append.LengthBefore > _loadedLength)
        {
            _held[append.LengthBefore] = append;
            return;
        }

        _stats.Add(append.Outcome);
        _loadedLength = append.LengthAfter;
        while (_held.Remove(_loadedLength, out var next))
        {
            _stats.Add(next.Outcome);
            _loadedLength = next.LengthAfter;
        }
    }

    private void Forget()
    {
        _stats = null;
        _held.Clear();
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

    /// <summary>The unproven models a trial could now take instead of <paramref name="incumbentKey"/>, part-way ones first.</summary>
    public IReadOnlyList<ModelRank> TrialContenders(TaskType type, string incumbentKey)
    {
        var registry = Registry();
        var prior = Priors(registry);
        return router.TrialContenders(type, incumbentKey, registry, Stats(), usesTools: true, key => prior(key, type));
    }

    /// <summary>The type's tasks so far, how many were trials, and whether the next one may be.</summary>
    public (int Runs, int Trials, bool Open, double Percentage) TrialBudget(TaskType type)
    {
        var (runs, trials) = Stats().Totals(type);
        return (runs, trials, ModelRouter.TrialBudgetOpen(options, runs, trials), options.TrialPercentage);
    }

    public int MinTrials => options.MinTrials;

    /// <summary>The most tasks, in percent, that trials may take per task type.</summary>
    public double TrialPercentage => options.TrialPercentage;
}
