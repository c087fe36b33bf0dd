using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Core.Storage;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>
/// The routing's façade for the commands and the runner: the router over the running sums of the outcome store
/// (<see cref="OutcomeLogFollower{T}"/>, over the log file or the database: whichever <see cref="IOutcomeStore"/> is
/// configured), the provider registry and the research priors (each rebuilt when its
/// inputs change), and reranking (<see cref="RerankSchedule"/>).
/// </summary>
/// <param name="outcomes">The outcomes ranked; <c>model_performance.json</c> goes beside the routing file, both local.</param>
/// <param name="catalogPath">The catalog's file, so the registry is rebuilt only when it changes; null to rebuild it per call.</param>
/// <param name="random">The source of the routing's draws; a seeded one repeats a decision sequence exactly (a simulation, a test, <c>AGENT42_ROUTING_SEED</c>).</param>
internal sealed class RoutingService(
    ModelCatalogSync catalog,
    ModelRouter router,
    RoutingFileStore store,
    RoutingOptions options,
    IConfiguration configuration,
    IOutcomeStore outcomes,
    TimeProvider time,
    Models.Research.ModelResearchStore? research = null,
    string? catalogPath = null,
    Random? random = null)
{
    private readonly Random _random = random ?? new Random();
    private readonly OutcomeLogFollower<OutcomeStats> _follower = new(outcomes, time, OutcomeStats.From);
    private readonly ProviderRegistrySource _registry = new(catalog, configuration, catalogPath);
    private readonly ResearchPriorSource _priors = new(research, options.PriorWeight);
    private readonly RerankSchedule _rerank = new(store, options, Path.GetDirectoryName(store.Path)!, time);

    public ProviderRegistry Registry() => _registry.Current();

    public (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) Outcomes() => outcomes.ReadAll();

    /// <summary>How many times the whole log has been read for the running sums.</summary>
    internal int LogReads => _follower.LogReads;

    /// <summary>
    /// The running sums of the outcome log, read once and then kept up to date as outcomes are recorded here; read
    /// again whole when another process has appended to the log. Lines this process has appended but not yet handed
    /// to <see cref="OutcomeRecorded"/> are not in them yet.
    /// </summary>
    public OutcomeStats Stats() => _follower.Current();

    /// <remarks>
    /// An outcome log that cannot be read at all (a directory or FIFO where it should be) does not stop the task: it is
    /// routed as with no outcomes, the decision says so among what it skipped, and the recording afterwards says why
    /// it failed, after the answer.
    /// </remarks>
    public RoutingDecision Route(TaskType type, bool usesTools = true, int? minContext = null, bool allowTrial = true)
    {
        OutcomeStats stats;
        string? unreadable = null;
        try
        {
            stats = Stats();
        }
        catch (StateFileException ex)
        {
            (stats, unreadable) = (new OutcomeStats(), ex.Message);
        }

        var registry = Registry();
        var prior = Priors(registry);
        RoutingDecision decision;
        lock (_random)
        {
            decision = router.Route(type, registry, stats, _random, usesTools, key => prior(key, type), minContext, allowTrial);
        }

        return unreadable is null
            ? decision
            : new RoutingDecision(decision.Type, decision.Layer, () => decision.Reason, decision.Primary, decision.Critic, decision.MaxIterations,
                decision.IsTrial, [.. decision.Skipped, "the outcomes, which cannot be read: " + unreadable], decision.CriticReason);
    }

    /// <summary>The explicit layer: the model the user named, without the log or research (see <see cref="ModelRouter.Explicit"/>).</summary>
    public RoutingDecision Explicit(TaskType type, string model) => ModelRouter.Explicit(type, Registry(), model);

    /// <summary>
    /// The research prior of a model for a task type (by the model's provider id, as research keys its scores), or
    /// null when research has nothing on it.
    /// </summary>
    public Func<string, TaskType, double?> Priors(ProviderRegistry registry) => _priors.For(registry);

    /// <summary>Ranks every model per task type from the whole log and writes the routing file.</summary>
    public RoutingFile Rerank()
    {
        var registry = Registry();
        return _rerank.Run(Stats(), registry, Priors(registry));
    }

    /// <summary>
    /// Takes the recorded line into the running sums, in whatever order tasks hand theirs over (those answered by
    /// one fsync run on in any order); then reranks when one is due (see <see cref="RerankSchedule"/>).
    /// </summary>
    public bool OutcomeRecorded(OutcomeAppend append)
    {
        _follower.Take(append);
        if (!RerankDue())
        {
            return false;
        }

        try
        {
            Rerank();
        }
        catch (IOException ex)
        {
            // The outcome is on disk and the answer must reach the user; the unwritable routing file is named on
            // every command by the state report until it is fixed.
            store.ReportSaveFailed(ex);
            return false;
        }

        return true;
    }

    /// <summary>Whether enough outcomes, or enough time with new outcomes, have come since the last rerank.</summary>
    public bool RerankDue() => _rerank.Due(Stats());

    /// <summary>Every model's standing on a task type, best first, for <c>routing explain</c>.</summary>
    public IReadOnlyList<ModelRank> Ranks(TaskType type)
    {
        var prior = Priors(Registry());
        return Stats().Ranks(type, key => prior(key, type), options.PriorWeight);
    }

    public RoutingFile? Learned() => store.Current();

    /// <summary>Each eligible model's share of the next task of the type (a fixed-seed Monte Carlo of the decision), with its posterior and whether exploring it could pay.</summary>
    public IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> Chances(TaskType type, string incumbentKey)
    {
        var registry = Registry();
        var prior = Priors(registry);
        return router.Chances(type, incumbentKey, registry, Stats(), usesTools: true, key => prior(key, type));
    }

    /// <summary>The probes' rate and threshold: about one task in so many, to a model whose probe priority is at least so many outcomes.</summary>
    public (int Every, int Left) ProbeRule => (TrialSelector.ProbeEvery(options), OutcomeStats.ProbeLeft);

    /// <summary>The type's tasks so far, how many explored, the expected shortfall spent and allowed, and whether the next may explore.</summary>
    public (int Runs, int Trials, double Spent, double Allowance, bool Open, double Percentage) TrialBudget(TaskType type)
    {
        var (runs, trials, spent) = Stats().Exploration(type);
        return (runs, trials, spent, TrialSelector.Allowance(options, runs), TrialSelector.BudgetOpen(options, runs, spent), options.TrialPercentage);
    }

    public int MinTrials => options.MinTrials;

    /// <summary>The cap on exploration's cost per task type, in percent of its tasks at <see cref="TrialSelector.ShortfallPerTrial"/> each.</summary>
    public double TrialPercentage => options.TrialPercentage;
}
