using System.Collections.Concurrent;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>Runs one task end to end: type, models, the iteration engine, and the learner's record.</summary>
internal sealed class AgentRunner(
    IterationEngine engine,
    ModelCatalogSync catalog,
    ModelEndpointResolver endpoints,
    ChatClientFactory clients,
    OutcomeRecorder recorder,
    TimeProvider time)
{
    public async Task<AgentRunResult> RunAsync(string task, TaskType? type, string? model, IAgentRunObserver observer, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Resolve();
        var taskType = type ?? TaskType.Coding;
        var (primary, critic) = ModelChooser.Choose(catalog.Current().Models, model);
        observer.ModelChosen("primary", primary.Candidates[0].Key, primary.Reason);
        observer.ModelChosen("critic", critic.Candidates[0].Key, critic.Reason);

        var cache = new ConcurrentDictionary<string, IChatClient>(StringComparer.Ordinal);
        IChatClient ClientFor(ModelCandidate candidate) => cache.GetOrAdd(candidate.ProviderModelId, id => clients.Create(endpoint, id));

        var request = new AgentRunRequest($"t-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}", task, taskType);
        var result = await engine.RunAsync(
            request,
            new ModelFailover("primary", primary.Candidates, ClientFor, observer),
            new ModelFailover("critic", critic.Candidates, ClientFor, observer),
            TaskTypeDefaults.MaxIterations(taskType),
            observer,
            cancellationToken).ConfigureAwait(false);
        await recorder.RecordAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
