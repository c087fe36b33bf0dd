using System.Collections.Concurrent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>Runs one task end to end: type, models, the iteration engine, and the learner's record.</summary>
internal sealed class AgentRunner(
    IterationEngine engine,
    ModelEndpointResolver endpoints,
    ChatClientFactory clients,
    OutcomeRecorder recorder,
    TaskTypeClassifier classifier,
    ModelCooldowns cooldowns,
    RoutingService routing,
    TimeProvider time)
{
    public const string LocalModelsVariable = "AGENT42_LOCAL_MODELS";

    public async Task<AgentRunResult> RunAsync(string task, TaskType? type, string? model, IAgentRunObserver observer, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Resolve();
        TaskType taskType;
        if (type is { } given)
        {
            taskType = given;
            observer.TaskTyped(taskType, "given");
        }
        else
        {
            var classification = classifier.Classify(task);
            taskType = classification.Type;
            observer.TaskTyped(taskType, classification.Evidence.Count > 0
                ? "from the words " + string.Join(", ", classification.Evidence.Select(e => $"'{e}'"))
                : "no keyword matched: " + (taskType == TaskType.Research ? "a question" : "the default"));
        }

        // Read at use, like the key: the catalog may have been refreshed, and local models configured since.
        ModelChoice primary, critic;
        var maxIterations = TaskTypeDefaults.MaxIterations(taskType);
        var (layer, isTrial) = ("--model", false);
        if (model is not null)
        {
            (primary, critic) = ModelChooser.ForModel(routing.Registry(), model);
        }
        else
        {
            var decision = routing.Route(taskType, usesTools: true, minContext: ContextNeed.Estimate(taskType, task, engine.Tools()));
            primary = new ModelChoice(decision.Primary, decision.Reason + (decision.Skipped.Count > 0 ? $"; skipped {string.Join("; ", decision.Skipped)}" : string.Empty));
            critic = new ModelChoice(decision.Critic, "the next eligible model, as a second opinion");
            (maxIterations, layer, isTrial) = (decision.MaxIterations, decision.Layer, decision.IsTrial);
        }

        observer.ModelChosen("primary", primary.Candidates[0].Key, primary.Reason);
        observer.ModelChosen("critic", critic.Candidates[0].Key, critic.Reason);

        var cache = new ConcurrentDictionary<string, IChatClient>(StringComparer.Ordinal);
        IChatClient ClientFor(ModelCandidate candidate) => cache.GetOrAdd(candidate.ProviderModelId, id => clients.Create(endpoint, id));

        var request = new AgentRunRequest($"t-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}", task, taskType);
        var result = await engine.RunAsync(
            request,
            new ModelFailover("primary", primary.Candidates, ClientFor, observer, cooldowns, usesTools: true),
            new ModelFailover("critic", critic.Candidates, ClientFor, observer, cooldowns, usesTools: false),
            maxIterations,
            observer,
            cancellationToken).ConfigureAwait(false) with { IsTrial = isTrial, Layer = layer };
        var recorded = await recorder.RecordAsync(result, cancellationToken).ConfigureAwait(false);
        routing.OutcomeRecorded(recorded);
        return result;
    }
}
