using Agent42.Core.Routing;

namespace Agent42.Bench.Simulation;

/// <summary>What a policy decided for a task: the models to try in order (the failover walks them), whether the first is a trial.</summary>
internal sealed record PolicyChoice(IReadOnlyList<ModelCandidate> Order, bool IsTrial, RoutingLayer Layer, string? CriticKey);
