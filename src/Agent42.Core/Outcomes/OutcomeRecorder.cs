using System.Text;
using System.Text.Json;

namespace Agent42.Core.Outcomes;

/// <summary>
/// The learner's record of every finished run: one outcome appended to the store, <c>outcomes.jsonl</c> or the
/// database (durable before the run is reported done, so a crash loses at most outcomes not yet acknowledged), and a
/// short reflection in <c>reflections/&lt;task id&gt;.md</c>. The routing evaluator ranks models on these outcomes.
/// </summary>
internal sealed class OutcomeRecorder(IOutcomeStore store, string dataDirectory)
{
    public const string OutcomeLog = "outcomes.jsonl";
    public const string ReflectionFolder = "reflections";

    /// <summary>Where outcomes go: the log's path, or the database's description.</summary>
    public string OutcomePath => store.Description;

    /// <summary>How many fsynced writes the log has had in this process; under concurrency, fewer than the outcomes.</summary>
    internal long FsyncBatches => (store as OutcomeLogWriter)?.Batches ?? 0;

    /// <summary>
    /// Appends the outcome and writes the reflection, as a finished run does; returns the outcome with where in the
    /// log it went. Cancellation as for <see cref="AppendAsync"/>.
    /// </summary>
    public async Task<OutcomeAppend> RecordAsync(OutcomeRecord outcome, string reflection, CancellationToken cancellationToken)
    {
        var recorded = await AppendAsync(outcome, cancellationToken).ConfigureAwait(false);
        await WriteReflectionAsync(outcome.TaskId, reflection).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>
    /// Appends the outcome line, the record the router learns from, and returns it with where in the log it went,
    /// once it is on disk. Cancelled before the log's writer took the line, nothing is written; after, the outcome is
    /// recorded and returned as usual (see <see cref="OutcomeLogWriter.AppendAsync"/>).
    /// </summary>
    public Task<OutcomeAppend> AppendAsync(OutcomeRecord outcome, CancellationToken cancellationToken) =>
        store.AppendAsync(outcome, cancellationToken);

    /// <summary>The outcome's line in the log, newline included.</summary>
    public static byte[] Line(OutcomeRecord outcome)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(outcome, OutcomeJsonContext.Default.OutcomeRecord);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The outcome's line as text, without the newline.</summary>
    public static string Json(OutcomeRecord outcome) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(outcome, OutcomeJsonContext.Default.OutcomeRecord));

    /// <summary>
    /// Writes the run's reflection, the human-readable note beside the log line. Outside the log's writer, one file
    /// per task, so reflections never hold up other tasks' lines. Not fsynced, and not cancellable: it is written
    /// after the outcome is recorded, and is a few hundred bytes.
    /// </summary>
    public async Task WriteReflectionAsync(string taskId, string reflection)
    {
        var reflections = Path.Combine(dataDirectory, ReflectionFolder);
        try
        {
            Directory.CreateDirectory(reflections);
            var path = Path.Combine(reflections, taskId + ".md");
            // A FIFO there would block the write for ever; the note is not worth the finished answer.
            Storage.StatePath.RegularOrAbsent(path, "a task's reflection");
            await File.WriteAllTextAsync(path, reflection, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The outcome line is recorded; a reflections path that is not a folder is named by the state report.
        }
    }
}
