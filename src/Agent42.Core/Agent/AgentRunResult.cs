using Agent42.Core.Models.Providers;
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
    IReadOnlyList<string> Critiques);
