using System.Collections.Concurrent;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Agent.Conversation;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
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
    public Task<AgentRunResult> RunAsync(string task, TaskType? type, string? model, IAgentRunObserver observer, CancellationToken cancellationToken) =>
        RunAsync(task, type, model, [], observer, cancellationToken);

    /// <summary>Runs a task that continues a conversation: <paramref name="history"/> is what came before it, oldest first.</summary>
    public async Task<AgentRunResult> RunAsync(
        string task, TaskType? type, string? model, IReadOnlyList<ConversationTurn> history, IAgentRunObserver observer, CancellationToken cancellationToken)
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
            // A follow-up with no evidence of its own ("now summarise what you found") goes on in the previous turn's type.
            var follows = classification.Evidence.Count == 0 ? ConversationWindow.PreviousType(history) : null;
            taskType = follows ?? taskType;
            observer.TaskTyped(taskType, classification.Evidence.Count > 0
                ? "from the words " + string.Join(", ", classification.Evidence.Select(e => $"'{e}'"))
                : "no keyword matched: " + (follows is not null ? "as the previous task of the conversation" : taskType == TaskType.Research ? "a question" : "the default"));
        }

        // Read at use, like the key: the catalog may have been refreshed, and local models configured since.
        RoutingDecision decision;
        try
        {
            decision = model is not null
                ? routing.Explicit(taskType, model)
                : routing.Route(taskType, usesTools: true, minContext: ContextNeed.Estimate(taskType, task, engine.Tools(), history));
        }
        catch (RoutingException ex)
        {
            throw new AgentRunException(ex.Message, ex);
        }

        observer.ModelChosen("primary", decision.Primary[0].Key,
            decision.Reason + (decision.Skipped.Count > 0 ? $"; skipped {string.Join("; ", decision.Skipped)}" : string.Empty));
        observer.ModelChosen("critic", decision.Critic[0].Key, decision.CriticReason);

        var cache = new ConcurrentDictionary<string, IChatClient>(StringComparer.Ordinal);
        var registry = routing.Registry();
        IChatClient ClientFor(ModelCandidate candidate) => cache.GetOrAdd(candidate.ProviderModelId,
            id => clients.Create(endpoint, id, freeTier: registry.IsFree(candidate.Key)));

        var request = new AgentRunRequest($"t-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}", task, taskType,
            decision.Layer, decision.IsTrial)
        {
            History = history,
            HistoryTokens = HistoryBudget(decision, taskType, task),
        };
        var result = await engine.RunAsync(
            request,
            new ModelFailover("primary", decision.Primary, ClientFor, observer, cooldowns, usesTools: true),
            new ModelFailover("critic", decision.Critic, ClientFor, observer, cooldowns, usesTools: false),
            decision.MaxIterations,
            observer,
            cancellationToken).ConfigureAwait(false);
        // Labelled for the model that answered: a trial model that failed over is not the one the outcome is about.
        var (layer, isTrial) = decision.Label(result.ModelKey);
        result = result with { Layer = layer, IsTrial = isTrial };
        await RecordAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The history's budget for the smallest known window among the primary candidates, so a fallback still fits.</summary>
    private int HistoryBudget(RoutingDecision decision, TaskType type, string task)
    {
        var registry = routing.Registry();
        var smallest = decision.Primary.Select(c => registry.Resolve(c.Key)?.ContextLength).Where(c => c is not null).Min();
        return ConversationBudget.Tokens(smallest, ContextNeed.Estimate(type, task, engine.Tools()));
    }

    /// <summary>Records the finished run; any failure but cancellation comes back with the result, so its answer is kept.</summary>
    private async Task RecordAsync(AgentRunResult result, CancellationToken cancellationToken)
    {
        OutcomeAppend recorded;
        try
        {
            recorded = await recorder.AppendAsync(result, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RecordingFailedException(result, $"the outcome was not recorded: {ex.Message}", ex);
        }

        try
        {
            routing.OutcomeRecorded(recorded);
            await recorder.WriteReflectionAsync(result.TaskId, RunOutcome.Reflection(result)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RecordingFailedException(result, $"the outcome was recorded, but what follows it failed: {ex.Message}", ex);
        }
    }
}
