using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Agent;

/// <summary>
/// Runs whose primary answers over a stream (the real HTTP path against the fake OpenRouter's event streams): what
/// the observer hears as it arrives, and a stream that breaks, errs or stalls mid-answer failing over like any call.
/// </summary>
public sealed class StreamingRunTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly StreamObserver _observer = new();
    private FakeOpenRouter _server = null!;
    private ModelCooldowns _cooldowns = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private async Task<AgentRunner> CreateSutAsync(int idleSeconds = 30, params Tool[] tools)
    {
        _server = await FakeOpenRouter.StartAsync();
        var registry = new ToolRegistry(tools, new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }).Build();
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = _server.BaseUrl },
            new ModelCatalogStore(_data.Path, TimeProvider.System, NullLogger<ModelCatalogStore>.Instance), TimeProvider.System, NullLogger<ModelCatalogSync>.Instance);
        _cooldowns = new ModelCooldowns(TimeProvider.System);
        var routingOptions = new RoutingOptions();
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var writer = new OutcomeLogWriter(_data.Combine(OutcomeRecorder.OutcomeLog));
        var routing = new RoutingService(catalog, new ModelRouter(configuration, store, _cooldowns, routingOptions), store, routingOptions,
            configuration, writer, TimeProvider.System);
        return new AgentRunner(new IterationEngine(registry, new ToolApprover(ApprovalMode.Auto), TimeProvider.System), new ModelEndpointResolver(configuration),
            new ChatClientFactory(TimeProvider.System, new ModelCallOptions { StreamIdleSeconds = idleSeconds }), new OutcomeRecorder(writer, _data.Path),
            new TaskTypeClassifier(), _cooldowns, routing, TimeProvider.System);
    }

    private Task<AgentRunResult> RunAsync(AgentRunner sut, TaskType type = TaskType.Content) =>
        sut.RunAsync("write a haiku about compilers", type, null, _observer, CancellationToken.None);

    private JsonObject LastOutcome() => JsonNode.Parse(File.ReadAllLines(_data.Combine(OutcomeRecorder.OutcomeLog)).Last())!.AsObject();

    private string[] Models() => _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()!).ToArray();

    [Test]
    public async Task ThePrimarysText_ReachesTheObserverPieceByPiece_TheCriticIsAPlainCall_AndUsageIsCounted()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed(["Tokens ", "fall ", "like rain"], 40, 20));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9", 60, 10));

        var result = await RunAsync(sut);

        var bodies = _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_observer.Events, Is.EqualTo(new[] { "delta Tokens ", "delta fall ", "delta like rain" }));
            Assert.That(result.Answer, Is.EqualTo("Tokens fall like rain"));
            Assert.That((result.PromptTokens, result.CompletionTokens), Is.EqualTo((100L, 30L)));
            Assert.That(bodies[0].TryGetProperty("stream", out var primary) && primary.GetBoolean(), Is.True, "the primary streams");
            Assert.That(bodies[1].TryGetProperty("stream", out var critic) && critic.GetBoolean(), Is.False, "the critic does not");
            Assert.That(result.ModelRequests, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AToolCallAssembledFromStreamedParts_Runs_AndTheAnswerIsTheLastRoundsText()
    {
        var calls = new List<string>();
        var sut = await CreateSutAsync(tools: new DelegateTool("read_file", (arguments, _) =>
        {
            calls.Add(arguments.GetRawText());
            return Task.FromResult(ToolResult.Ok("# Agent42 readme"));
        }));
        // Text before the call streams too; the call's arguments arrive in two parts.
        _server.ChatAnswers.Enqueue(new ScriptedAnswer(200, string.Empty)
        {
            Stream = async writer =>
            {
                await writer.TextAsync("Let me look.");
                await writer.ChunkAsync(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["id"] = "call_1", ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "read_file", ["arguments"] = "{\"pa" },
                }) });
                await writer.ChunkAsync(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = "th\":\"README.md\"}" },
                }) });
                await writer.EndAsync("tool_calls", 20, 8);
            },
        });
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed(["The readme is ", "titled Agent42."]));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut, TaskType.Research);

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(new[] { """{"path":"README.md"}""" }));
            Assert.That(result.Answer, Is.EqualTo("The readme is titled Agent42."));
            Assert.That(result.ToolCalls, Is.EqualTo(1));
            Assert.That(_observer.Events, Is.EqualTo(new[] { "delta Let me look.", "delta \n", "tool read_file", "delta The readme is ", "delta titled Agent42." }));
            Assert.That(result.PromptTokens, Is.EqualTo(20 + 12 + 12));
        });
    }

    [TestCase(false, "ServerError", TestName = "A stream that ends without [DONE] mid-answer falls back to the next model, whose answer is the result")]
    [TestCase(true, "Unreachable", TestName = "A stream whose connection drops mid-answer falls back to the next model, whose answer is the result")]
    public async Task ABrokenStream_FallsBack_CooldownAndFailureByKind_TheOutcomeIsTheSecondModels(bool abort, string kind)
    {
        var sut = await CreateSutAsync();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _observer.OnDelta = () => seen.TrySetResult();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Broken(seen.Task, abort, "Tokens fall ", "like"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("Parsers weave ", "a tree"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.8"));

        var result = await RunAsync(sut);

        var models = Models();
        var failure = Enum.Parse<ModelFailureKind>(kind);
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("Parsers weave a tree"));
            Assert.That(result.ModelKey, Is.Not.EqualTo(_observer.FirstPrimary));
            Assert.That(models[0], Is.Not.EqualTo(models[1]), "the second attempt went to another model");
            Assert.That(result.FailuresByKind, Is.EquivalentTo(new Dictionary<ModelFailureKind, int> { [failure] = 1 }));
            Assert.That(_cooldowns.Check(_observer.FirstPrimary!, usesTools: true), Is.Not.Null, "the model that broke off cools down");
            Assert.That(_observer.Events, Is.EqualTo(new[]
            {
                "delta Tokens fall ", "delta like", $"fallback {kind}",
                $"restart {_observer.FirstPrimary} broke off mid-answer ({kind}); {result.ModelKey} answers",
                "delta Parsers weave ", "delta a tree",
            }));
            Assert.That(LastOutcome()["model_key"]!.GetValue<string>(), Is.EqualTo(result.ModelKey));
            Assert.That(LastOutcome()["success"]!.GetValue<bool>(), Is.True, "a broken stream is not the model failing the task");
            Assert.That(result.ModelRequests, Is.EqualTo(3), "the broken attempt is a request too");
        });
    }

    [Test]
    public async Task AnErrorEventMidStream_IsClassifiedLikeAnErrorBody_AndFallsBack()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ErrorMidStream(["Tokens "], 429, "Provider returned error", withErrorObject: true));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("from the second model"));
            Assert.That(result.FailuresByKind, Is.EquivalentTo(new Dictionary<ModelFailureKind, int> { [ModelFailureKind.ModelRateLimit] = 1 }));
            Assert.That(_observer.Events, Has.Some.StartsWith("restart ").And.Contain("(ModelRateLimit)"));
        });
    }

    [Test]
    public async Task AStall_IsATimeoutFallback()
    {
        var sut = await CreateSutAsync(idleSeconds: 1);
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Stalling(2, "Tokens "));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("from the second model"));
            Assert.That(result.FailuresByKind, Is.EquivalentTo(new Dictionary<ModelFailureKind, int> { [ModelFailureKind.Timeout] = 1 }));
        });
    }

    [TestCase("data: [DONE]\n\n", TestName = "A stream of nothing but [DONE] is malformed, and the next model answers")]
    [TestCase("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
        TestName = "A stream with neither text nor tool calls is malformed, and the next model answers")]
    public async Task AnEmptyStream_IsMalformed(string body)
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.RawStream(body));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        Assert.That((result.Answer, result.FailuresByKind.GetValueOrDefault(ModelFailureKind.Malformed)), Is.EqualTo(("from the second model", 1)));
    }

    [Test]
    public async Task APlainCompletionToAStreamRequest_IsMalformed_NotAnEmptyAnswer()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(new ScriptedAnswer(200, string.Empty)
        {
            Write = (response, cancellationToken) => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(response,
                """{"choices":[{"index":0,"message":{"role":"assistant","content":"not streamed"},"finish_reason":"stop"}]}""", cancellationToken),
        });
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        Assert.That((result.Answer, result.FailuresByKind.GetValueOrDefault(ModelFailureKind.Malformed)), Is.EqualTo(("from the second model", 1)));
    }

    [Test]
    public async Task ARevision_StartsWithARestart_AndTheAnswerIsTheRevisedOne()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("draft one"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The second line lacks seven syllables.\nSCORE: 0.4"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("draft two"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.8"));

        var result = await RunAsync(sut);

        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("draft two"));
            Assert.That(_observer.Events, Is.EqualTo(new[] { "delta draft one", "restart revised after the critic's review (iteration 2/6)", "delta draft two" }));
            Assert.That(result.ModelRequests, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task EveryRequestSent_IsCounted_FailedOnesIncluded()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(429, "Provider returned error", new JsonObject { ["provider_name"] = "Chutes" }));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(502, "Provider returned error"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Streamed("answer"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(503, "No available provider"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        Assert.That((result.ModelRequests, _server.ChatRequests.Count), Is.EqualTo((5, 5)));
    }

    private sealed class StreamObserver : IAgentRunObserver
    {
        public List<string> Events { get; } = [];

        public string? FirstPrimary { get; private set; }

        public Action? OnDelta { get; set; }

        public void ModelChosen(string role, string modelKey, string reason) => FirstPrimary ??= role == "primary" ? modelKey : null;

        public void AnswerDelta(string text)
        {
            Events.Add("delta " + text);
            OnDelta?.Invoke();
        }

        public void AnswerRestarted(string reason) => Events.Add("restart " + reason);

        public void Fallback(string role, string fromKey, ModelCallException failure, string? toKey)
        {
            if (role == "primary")
            {
                Events.Add($"fallback {failure.Kind}");
            }
        }

        public void ToolCalled(string tool, string argumentsJson) => Events.Add("tool " + tool);
    }
}
