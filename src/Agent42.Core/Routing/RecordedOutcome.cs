using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>One line of <c>outcomes.jsonl</c>, as the evaluator reads it.</summary>
internal sealed record RecordedOutcome(
    string TaskId,
    string ModelKey,
    TaskType Type,
    bool Success,
    int Iterations,
    int MaxIterations,
    double? CriticScore,
    long PromptTokens,
    long CompletionTokens,
    double LatencyMs,
    DateTimeOffset RecordedAt,
    bool IsTrial = false)
{
    public long Tokens => PromptTokens + CompletionTokens;

    /// <summary>
    /// Iteration efficiency: 1 for an answer approved at the first try, falling by 1/max per extra iteration; 0 for a
    /// task that failed (the plan's <c>1 - iterations/max</c>, shifted so that the best possible run scores 1).
    /// </summary>
    public double IterationEfficiency =>
        !Success || MaxIterations <= 0 ? 0 : Math.Clamp(1 - ((double)(Iterations - 1) / MaxIterations), 0, 1);

    /// <summary>The answer's quality: the critic's score when there is one, else 1 for success and 0 for failure.</summary>
    public double Quality => CriticScore ?? (Success ? 1 : 0);
}
