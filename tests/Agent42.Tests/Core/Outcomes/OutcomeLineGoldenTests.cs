using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Outcomes;

/// <summary>
/// The outcome line's bytes and its reading, as captured from the code before the line got its own record type:
/// a refactoring must leave both exactly as they were.
/// </summary>
public sealed class OutcomeLineGoldenTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 30, 15, 123, TimeSpan.Zero);

    private static AgentRunResult Result(string? critic, double? score, bool trial, RoutingLayer layer) => new(
        "t-20260501123015-abc123", "task", TaskType.DataAnalysis, "answer", true, "approved", "or-free-\"ünï\" <b>&amp;</b> 'x'",
        critic, 3, 6, score, 1234, 56, TimeSpan.FromMilliseconds(987.65), 4,
        new Dictionary<ModelFailureKind, int> { [ModelFailureKind.Timeout] = 2, [ModelFailureKind.PoolRateLimit] = 1 }, ["c"])
    {
        IsTrial = trial,
        Layer = layer,
    };

    [Test]
    public void TheLine_IsByteForByteWhatItWas()
    {
        Assert.That(OutcomeRecorder.Json(RunOutcome.Record(Result("or-free-critic", 0.75, true, RoutingLayer.Trial), At)), Is.EqualTo(
            """{"task_id":"t-20260501123015-abc123","task_type":"data_analysis","model_key":"or-free-\u0022\u00FCn\u00EF\u0022 \u003Cb\u003E\u0026amp;\u003C/b\u003E \u0027x\u0027","critic_key":"or-free-critic","success":true,"stop_reason":"approved","iterations":3,"max_iterations":6,"critic_score":0.75,"prompt_tokens":1234,"completion_tokens":56,"latency_ms":988,"tool_calls":4,"failures":{"pool_rate_limit":1,"timeout":2},"trial":true,"layer":"trial","recorded_at":"2026-05-01T12:30:15.123+00:00"}"""));
    }

    [Test]
    public void TheLine_WithNullsAndNoFailures_IsByteForByteWhatItWas()
    {
        var result = Result(null, null, false, RoutingLayer.Explicit) with { FailuresByKind = new Dictionary<ModelFailureKind, int>(), Latency = TimeSpan.Zero };
        Assert.That(OutcomeRecorder.Json(RunOutcome.Record(result, At.ToOffset(TimeSpan.FromHours(2)))), Is.EqualTo(
            """{"task_id":"t-20260501123015-abc123","task_type":"data_analysis","model_key":"or-free-\u0022\u00FCn\u00EF\u0022 \u003Cb\u003E\u0026amp;\u003C/b\u003E \u0027x\u0027","critic_key":null,"success":true,"stop_reason":"approved","iterations":3,"max_iterations":6,"critic_score":null,"prompt_tokens":1234,"completion_tokens":56,"latency_ms":0,"tool_calls":4,"failures":{},"trial":false,"layer":"--model","recorded_at":"2026-05-01T14:30:15.123+02:00"}"""));
    }

    [Test]
    public void TheRunCommandsJson_WritesTheLineFieldsUnescaped_AsItDid()
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(RunOutcome.Record(Result("or-free-critic", 0.75, true, RoutingLayer.Trial), At),
            OutcomeJsonContext.Default.OutcomeRecord)!;

        Assert.That(Agent42.Cli.CliJson.Write(node), Does.StartWith("""
            {
              "task_id": "t-20260501123015-abc123",
              "task_type": "data_analysis",
              "model_key": "or-free-\"ünï\" <b>&amp;</b> 'x'",
              "critic_key": "or-free-critic",
              "success": true,
              "stop_reason": "approved",
              "iterations": 3,
              "max_iterations": 6,
              "critic_score": 0.75,
              "prompt_tokens": 1234,
              "completion_tokens": 56,
              "latency_ms": 988,
              "tool_calls": 4,
              "failures": {
                "pool_rate_limit": 1,
                "timeout": 2
              },
              "trial": true,
              "layer": "trial",
              "recorded_at": "2026-05-01T12:30:15.123+00:00"
            }
            """));
    }

    private const string Required = "\"task_type\":\"coding\",\"model_key\":\"m\",\"success\":true,\"iterations\":2,\"max_iterations\":8,\"prompt_tokens\":10,\"completion_tokens\":5";

    private static readonly string[] Lines =
    [
        "{" + Required + "}",
        "{\"task_id\":\"a\"," + Required + ",\"critic_score\":\"0.5\",\"latency_ms\":\"x\",\"recorded_at\":null,\"trial\":\"yes\"}",
        "{\"task_id\":null," + Required.Replace("\"coding\"", "\" Data-Analysis \"", StringComparison.Ordinal) + ",\"critic_score\":0.25,\"latency_ms\":12.5,\"recorded_at\":5,\"trial\":true}",
        "{\"task_id\":\"b\"," + Required + ",\"recorded_at\":\"2026-05-01T00:00:00+02:00\",\"critic_score\":null,\"latency_ms\":null,\"trial\":false,\"extra\":[1]}",
        "{" + Required.Replace("\"m\"", "null", StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"success\":true,", string.Empty, StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"task_type\":\"coding\",", string.Empty, StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"coding\"", "null", StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"coding\"", "5", StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"iterations\":2", "\"iterations\":2.5", StringComparison.Ordinal) + "}",
        "{" + Required.Replace("\"iterations\":2", "\"iterations\":\"2\"", StringComparison.Ordinal) + "}",
        "{" + Required + ",\"recorded_at\":\"garbage\"}",
        "{" + Required + ",\"task_type\":\"email\"}",
        "[1,2]",
        "\"text\"",
        "{" + Required + "} trailing",
        "{" + Required,
    ];

    private static readonly string[] Read =
    [
        "|m|Coding|True|2|8||10|5|0|0001-01-01T00:00:00.0000000+00:00|False",
        "a|m|Coding|True|2|8||10|5|0|0001-01-01T00:00:00.0000000+00:00|False",
        "|m|DataAnalysis|True|2|8|0.25|10|5|12.5|0001-01-01T00:00:00.0000000+00:00|True",
        "b|m|Coding|True|2|8||10|5|0|2026-05-01T00:00:00.0000000+02:00|False",
        "skipped: missing model_key",
        "skipped: missing The given key was not present in the dictionary.",
        "skipped: missing The given key was not present in the dictionary.",
        "skipped: unknown task type ''",
        "skipped: not a complete outcome record",
        "skipped: not a complete outcome record",
        "skipped: not a complete outcome record",
        "skipped: not a complete outcome record",
        "|m|Email|True|2|8||10|5|0|0001-01-01T00:00:00.0000000+00:00|False",
        "skipped: not a JSON object",
        "skipped: not a JSON object",
        "skipped: not a complete outcome record",
        "skipped: not a complete outcome record",
    ];

    [Test]
    public void OldLines_ReadExactlyAsTheyDid()
    {
        var read = Lines.Select(line => OutcomeLog.TryParse(line, out var outcome, out var problem) ? Describe(outcome) : "skipped: " + problem);
        Assert.That(read, Is.EqualTo(Read));
    }

    private static string Describe(OutcomeRecord o) => string.Join('|', o.TaskId, o.ModelKey, o.Type, o.Success, o.Iterations, o.MaxIterations,
        o.CriticScore?.ToString(System.Globalization.CultureInfo.InvariantCulture), o.PromptTokens, o.CompletionTokens,
        o.LatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture), o.RecordedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), o.IsTrial);
}
