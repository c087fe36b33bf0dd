using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Bench.Simulation;

/// <summary>A routing policy under simulation: told of catalog syncs, asked for each task's models, shown each outcome.</summary>
internal interface IRoutingPolicy : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The cooldowns the failover records 429s in and skips by, or null for a policy that has none.</summary>
    ModelCooldowns? Cooldowns { get; }

    /// <summary>A catalog sync happened: these are the models known now, some available.</summary>
    void CatalogSynced(IReadOnlyList<KnownModel> catalog);

    PolicyChoice Choose(TaskType type);

    /// <summary>The outcome of a task, as the outcome log records it (the model that answered, after any failover).</summary>
    ValueTask ObserveAsync(OutcomeRecord outcome);
}
