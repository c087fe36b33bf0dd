using Agent42.Core.Agent;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>Where a task goes and why: the layer that decided, the models in order, and what was skipped.</summary>
internal sealed record RoutingDecision(
    TaskType Type,
    string Layer,
    string Reason,
    IReadOnlyList<ModelCandidate> Primary,
    IReadOnlyList<ModelCandidate> Critic,
    int MaxIterations,
    bool IsTrial,
    IReadOnlyList<string> Skipped);
