using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent42.Core.Agent;

/// <summary>
/// The learner's record of every finished run: one JSON line appended to <c>outcomes.jsonl</c> (on disk before the
/// run is reported done, so a crash loses at most lines not yet acknowledged), and a short reflection in
/// <c>reflections/&lt;task id&gt;.md</c>. The routing evaluator ranks models on these lines.
/// </summary>
internal sealed class OutcomeRecorder(string dataDirectory, TimeProvider time)
{
    public const string OutcomeLog = "outcomes.jsonl";
    public const string ReflectionFolder = "reflections";

    // Shared by every recorder on this path in the process: their lines never interleave, and they share fsyncs.
    private readonly OutcomeLogWriter _log = OutcomeLogWriter.For(Path.Combine(dataDirectory, OutcomeLog));

    public string OutcomePath => Path.Combine(dataDirectory, OutcomeLog);

    /// <summary>How many fsynced writes the log has had in this process; under concurrency, fewer than the outcomes.</summary>
    internal long FsyncBatches => _log.Batches;

    /// <summary>
    /// Appends the outcome and writes the reflection, as a finished run does; returns the outcome as the evaluator
    /// reads it back, with where in the log it went. Cancellation as for <see cref="AppendAsync"/>.
    /// </summary>
    public async Task<OutcomeAppend> RecordAsync(AgentRunResult result, CancellationToken cancellationToken)
    {
        var recorded = await AppendAsync(result, cancellationToken).ConfigureAwait(false);
        await WriteReflectionAsync(result).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>
    /// Appends the outcome line, the record the router learns from, and returns it as the evaluator reads it back,
    /// with where in the log it went, once it is on disk. Cancelled before the log's writer took the line, nothing
    /// is written; after, the outcome is recorded and returned as usual (see <see cref="OutcomeLogWriter.AppendAsync"/>).
    /// </summary>
    public async Task<OutcomeAppend> AppendAsync(AgentRunResult result, CancellationToken cancellationToken)
    {
        var json = Outcome(result, time.GetUtcNow()).ToJsonString();
        // One reading of the line for everyone, taken before it is written: what is written is what the evaluator counts.
        if (!Routing.OutcomeLog.TryParse(json, out var recorded, out var problem))
        {
            throw new InvalidOperationException($"the outcome could not be read back, so it was not recorded: {problem}");
        }

        var (before, after) = await _log.AppendAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken).ConfigureAwait(false);
        return new OutcomeAppend(recorded, before, after);
    }

    /// <summary>
    /// Writes the run's reflection, the human-readable note beside the log line. Outside the log's writer, one file
    /// per task, so reflections never hold up other tasks' lines. Not fsynced, and not cancellable: it is written
    /// after the outcome is recorded, and is a few hundred bytes.
    /// </summary>
    public async Task WriteReflectionAsync(AgentRunResult result)
    {
        var reflections = Path.Combine(dataDirectory, ReflectionFolder);
        Directory.CreateDirectory(reflections);
        await File.WriteAllTextAsync(Path.Combine(reflections, result.TaskId + ".md"), Reflection(result), CancellationToken.None).ConfigureAwait(false);
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
