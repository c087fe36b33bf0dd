using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>How a run went: the answer and everything the learner records about it.</summary>
internal sealed record AgentRunResult(
    string TaskId,
    string Task,
    TaskType Type,
    string Answer,
    bool Approved,
    string StopReason,
    string ModelKey,
    string? CriticKey,
    int Iterations,
    int MaxIterations,
    double? CriticScore,
    long PromptTokens,
    long CompletionTokens,
    TimeSpan Latency,
    int ToolCalls,
    IReadOnlyDictionary<ModelFailureKind, int> FailuresByKind,
    IReadOnlyList<string> Critiques)
{
    /// <summary>Whether the primary model was on trial.</summary>
    public bool IsTrial { get; init; }

    /// <summary>The routing layer that chose the primary.</summary>
    public RoutingLayer Layer { get; init; } = RoutingLayer.Default;

    /// <summary>Chat requests sent to model endpoints for this run (primary and critic, failed attempts included): what it cost against a request quota.</summary>
    public int ModelRequests { get; init; }
}
