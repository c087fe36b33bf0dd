using System.Text.Json.Serialization;
using Agent42.Sdk;

namespace Agent42.Core.Outcomes;

/// <summary>
/// One line of <c>outcomes.jsonl</c>: what a finished run records and what the evaluator learns from. Written only
/// through <see cref="OutcomeJsonContext"/>; the order of the properties is the order of the line's fields.
/// </summary>
/// <remarks>
/// Equality leaves <see cref="Failures"/> out (a dictionary compares by reference), so a line read back equals the
/// record it was written from.
/// </remarks>
internal sealed record OutcomeRecord(
    [property: JsonPropertyName("task_id"), JsonPropertyOrder(0)] string TaskId,
    [property: JsonPropertyName("model_key"), JsonPropertyOrder(2)] string ModelKey,
    [property: JsonPropertyName("task_type"), JsonPropertyOrder(1)] TaskType Type,
    [property: JsonPropertyName("success"), JsonPropertyOrder(4)] bool Success,
    [property: JsonPropertyName("iterations"), JsonPropertyOrder(6)] int Iterations,
    [property: JsonPropertyName("max_iterations"), JsonPropertyOrder(7)] int MaxIterations,
    [property: JsonPropertyName("critic_score"), JsonPropertyOrder(8)] double? CriticScore,
    [property: JsonPropertyName("prompt_tokens"), JsonPropertyOrder(9)] long PromptTokens,
    [property: JsonPropertyName("completion_tokens"), JsonPropertyOrder(10)] long CompletionTokens,
    [property: JsonPropertyName("latency_ms"), JsonPropertyOrder(11)] double LatencyMs,
    [property: JsonPropertyName("recorded_at"), JsonPropertyOrder(16)] DateTimeOffset RecordedAt,
    [property: JsonPropertyName("trial"), JsonPropertyOrder(14)] bool IsTrial = false)
{
    private static readonly IReadOnlyDictionary<string, int> NoFailures = new Dictionary<string, int>();

    [JsonPropertyName("critic_key")]
    [JsonPropertyOrder(3)]
    public string? CriticKey { get; init; }

    [JsonPropertyName("stop_reason")]
    [JsonPropertyOrder(5)]
    public string StopReason { get; init; } = string.Empty;

    [JsonPropertyName("tool_calls")]
    [JsonPropertyOrder(12)]
    public int ToolCalls { get; init; }

    /// <summary>Failed model calls on the way, by kind (snake case), in the kinds' order; never against quality.</summary>
    [JsonPropertyName("failures")]
    [JsonPropertyOrder(13)]
    public IReadOnlyDictionary<string, int> Failures { get; init; } = NoFailures;

    /// <summary>The routing layer that chose the model, in its text form.</summary>
    [JsonPropertyName("layer")]
    [JsonPropertyOrder(15)]
    public string Layer { get; init; } = "default";

    [JsonIgnore]
    public long Tokens => PromptTokens + CompletionTokens;

    /// <summary>
    /// Iteration efficiency: 1 for an answer approved at the first try, falling by 1/max per extra iteration; 0 for a
    /// task that failed (the plan's <c>1 - iterations/max</c>, shifted so that the best possible run scores 1).
    /// </summary>
    [JsonIgnore]
    public double IterationEfficiency =>
        !Success || MaxIterations <= 0 ? 0 : Math.Clamp(1 - ((double)(Iterations - 1) / MaxIterations), 0, 1);

    /// <summary>The answer's quality: the critic's score when there is one, else 1 for success and 0 for failure.</summary>
    [JsonIgnore]
    public double Quality => CriticScore ?? (Success ? 1 : 0);

    public bool Equals(OutcomeRecord? other) =>
        other is not null && TaskId == other.TaskId && ModelKey == other.ModelKey && Type == other.Type && Success == other.Success
        && Iterations == other.Iterations && MaxIterations == other.MaxIterations && CriticScore == other.CriticScore
        && PromptTokens == other.PromptTokens && CompletionTokens == other.CompletionTokens && LatencyMs.Equals(other.LatencyMs)
        && RecordedAt.Equals(other.RecordedAt) && IsTrial == other.IsTrial
        && CriticKey == other.CriticKey && StopReason == other.StopReason && ToolCalls == other.ToolCalls && Layer == other.Layer;

    public override int GetHashCode() => HashCode.Combine(TaskId, ModelKey, Type, RecordedAt, IsTrial);
}
