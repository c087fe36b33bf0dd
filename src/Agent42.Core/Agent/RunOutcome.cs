using System.Globalization;
using System.Text;
using System.Text.Json;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;

namespace Agent42.Core.Agent;

/// <summary>What a finished run leaves for the learner: its outcome record and its reflection.</summary>
internal static class RunOutcome
{
    /// <summary>The run as the outcome log records it.</summary>
    public static OutcomeRecord Record(AgentRunResult result, DateTimeOffset recordedAt) => new(
        result.TaskId, result.ModelKey, result.Type, result.Approved, result.Iterations, result.MaxIterations, result.CriticScore,
        result.PromptTokens, result.CompletionTokens, Math.Round(result.Latency.TotalMilliseconds), recordedAt, result.IsTrial)
    {
        CriticKey = result.CriticKey,
        StopReason = result.StopReason,
        ToolCalls = result.ToolCalls,
        Failures = result.FailuresByKind.OrderBy(f => f.Key)
            .ToDictionary(f => JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Key.ToString()), f => f.Value, StringComparer.Ordinal),
        Layer = result.Layer.Text(),
    };

    /// <summary>Appends the run's outcome and writes its reflection, as a finished run does.</summary>
    public static Task<OutcomeAppend> RecordAsync(this OutcomeRecorder recorder, AgentRunResult result, DateTimeOffset recordedAt,
        CancellationToken cancellationToken) =>
        recorder.RecordAsync(Record(result, recordedAt), Reflection(result), cancellationToken);

    /// <summary>Appends the run's outcome line only.</summary>
    public static Task<OutcomeAppend> AppendAsync(this OutcomeRecorder recorder, AgentRunResult result, DateTimeOffset recordedAt,
        CancellationToken cancellationToken) =>
        recorder.AppendAsync(Record(result, recordedAt), cancellationToken);

    /// <summary>The human-readable note beside the log line.</summary>
    public static string Reflection(AgentRunResult result)
    {
        var text = new StringBuilder()
            .Append("# ").Append(result.TaskId).Append('\n').Append('\n')
            .Append("Task (").Append(TaskTypeNames.WireName(result.Type)).Append("): ").Append(result.Task).Append('\n').Append('\n')
            .Append("Model ").Append(result.ModelKey).Append(", critic ").Append(result.CriticKey ?? "none").Append(". ")
            .Append(result.Approved ? "Approved" : "Not approved").Append(" after ").Append(result.Iterations).Append(" of ")
            .Append(result.MaxIterations).Append(" iterations (").Append(result.StopReason).Append("), ")
            .Append(result.ToolCalls).Append(" tool calls, score ").Append(result.CriticScore?.ToString("0.00", CultureInfo.InvariantCulture) ?? "absent")
            .Append(".\n");
        if (result.FailuresByKind.Count > 0)
        {
            text.Append("Failures on the way: ").AppendJoin(", ", result.FailuresByKind.Select(f => $"{f.Key} x{f.Value}")).Append(".\n");
        }

        if (result.Critiques.Count > 0)
        {
            text.Append("\nWhat the critic asked for:\n");
            foreach (var critique in result.Critiques.Where(c => c.Length > 0))
            {
                text.Append("- ").Append(critique.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return text.ToString();
    }
}
