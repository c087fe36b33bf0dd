using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent42.Core.Agent;

/// <summary>
/// The learner's record of every finished run: one JSON line appended to <c>outcomes.jsonl</c> (flushed to disk
/// before the run is reported done, so a crash loses at most the line being written), and a short reflection
/// in <c>reflections/&lt;task id&gt;.md</c>. The routing evaluator ranks models on these lines.
/// </summary>
internal sealed class OutcomeRecorder(string dataDirectory, TimeProvider time)
{
    public const string OutcomeLog = "outcomes.jsonl";
    public const string ReflectionFolder = "reflections";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string OutcomePath => Path.Combine(dataDirectory, OutcomeLog);

    /// <summary>
    /// Appends the outcome and writes the reflection; returns the outcome as the evaluator reads it back, with where
    /// in the log it went.
    /// </summary>
    public async Task<OutcomeAppend> RecordAsync(AgentRunResult result, CancellationToken cancellationToken)
    {
        var json = Outcome(result, time.GetUtcNow()).ToJsonString();
        var line = json + "\n";
        long before, after;
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(dataDirectory);
            await using (var stream = new FileStream(OutcomePath, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                before = stream.Position;
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
                after = stream.Position;
            }

            var reflections = Path.Combine(dataDirectory, ReflectionFolder);
            Directory.CreateDirectory(reflections);
            await File.WriteAllTextAsync(Path.Combine(reflections, result.TaskId + ".md"), Reflection(result), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }

        // One reading of the line for everyone: what was written is what the evaluator counts.
        return Routing.OutcomeLog.TryParse(json, out var recorded, out var problem)
            ? new OutcomeAppend(recorded, before, after)
            : throw new InvalidOperationException($"the outcome just written could not be read back: {problem}");
    }

    public static JsonObject Outcome(AgentRunResult result, DateTimeOffset recordedAt)
    {
        var failures = new JsonObject();
        foreach (var (kind, count) in result.FailuresByKind.OrderBy(f => f.Key))
        {
            failures[JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString())] = count;
        }

        return new JsonObject
        {
            ["task_id"] = result.TaskId,
            ["task_type"] = TaskTypeDefaults.WireName(result.Type),
            ["model_key"] = result.ModelKey,
            ["critic_key"] = result.CriticKey,
            ["success"] = result.Approved,
            ["stop_reason"] = result.StopReason,
            ["iterations"] = result.Iterations,
            ["max_iterations"] = result.MaxIterations,
            ["critic_score"] = result.CriticScore,
            ["prompt_tokens"] = result.PromptTokens,
            ["completion_tokens"] = result.CompletionTokens,
            ["latency_ms"] = Math.Round(result.Latency.TotalMilliseconds),
            ["tool_calls"] = result.ToolCalls,
            ["failures"] = failures,
            ["trial"] = result.IsTrial,
            ["layer"] = result.Layer,
            ["recorded_at"] = recordedAt,
        };
    }

    private static string Reflection(AgentRunResult result)
    {
        var text = new StringBuilder()
            .Append("# ").Append(result.TaskId).Append('\n').Append('\n')
            .Append("Task (").Append(TaskTypeDefaults.WireName(result.Type)).Append("): ").Append(result.Task).Append('\n').Append('\n')
            .Append("Model ").Append(result.ModelKey).Append(", critic ").Append(result.CriticKey ?? "none").Append(". ")
            .Append(result.Approved ? "Approved" : "Not approved").Append(" after ").Append(result.Iterations).Append(" of ")
            .Append(result.MaxIterations).Append(" iterations (").Append(result.StopReason).Append("), ")
            .Append(result.ToolCalls).Append(" tool calls, score ").Append(result.CriticScore?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "absent")
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
