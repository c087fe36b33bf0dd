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
/// What a model sends back is untrusted input: an answer of 100 MB, a message of 10,000 tool calls and an empty
/// <c>choices</c> must each cost a bounded amount and leave the run going, through the real HTTP path against a fake
/// OpenRouter on 127.0.0.1.
/// </summary>
public sealed class ModelInputBoundsTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly List<string> _progress = [];
    private FakeOpenRouter _server = null!;
    private int _toolRuns;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private async Task<AgentRunner> CreateSutAsync(ToolCallLimitsOptions? limits = null, int maxResponseKb = 1024)
    {
        _server = await FakeOpenRouter.StartAsync();
        var echo = new DelegateTool("echo", (_, _) =>
        {
            Interlocked.Increment(ref _toolRuns);
            return Task.FromResult(ToolResult.Ok("echoed"));
        });
        var registry = new ToolRegistry([echo], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }).Build();
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = _server.BaseUrl },
            new ModelCatalogStore(_data.Path, TimeProvider.System, NullLogger<ModelCatalogStore>.Instance), TimeProvider.System, NullLogger<ModelCatalogSync>.Instance);
        var cooldowns = new ModelCooldowns(TimeProvider.System);
        var routingOptions = new RoutingOptions();
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var writer = new OutcomeLogWriter(_data.Combine(OutcomeRecorder.OutcomeLog));
        var routing = new RoutingService(catalog, new ModelRouter(configuration, store, cooldowns, routingOptions), store, routingOptions,
            configuration, writer, TimeProvider.System);
        return new AgentRunner(new IterationEngine(registry, new ToolApprover(ApprovalMode.Auto), TimeProvider.System, limits), new ModelEndpointResolver(configuration),
            new ChatClientFactory(TimeProvider.System, new ModelCallOptions { MaxResponseKb = maxResponseKb }),
            new OutcomeRecorder(writer, _data.Path), new TaskTypeClassifier(), cooldowns, routing, TimeProvider.System);
    }

    private Task<AgentRunResult> RunAsync(AgentRunner sut) =>
        sut.RunAsync("do the thing", TaskType.Coding, null, new ProgressObserver(_progress), CancellationToken.None);

    private List<JsonDocument> Requests() => _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body)).ToList();

    private static ScriptedAnswer ToolCalls(int count, string prefix = "c") => new(200, new JsonObject
    {
        ["id"] = "gen-many",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = $"{prefix}{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "echo", ["arguments"] = "{}" },
                }).ToArray()),
            },
            ["finish_reason"] = "tool_calls",
        }),
    }.ToJsonString());

    [Test]
    public async Task AHundredMegabyteAnswer_FailsThatModel_AndTheNextOneAnswers_AndTheCriticNeverSeesIt()
    {
        var sut = await CreateSutAsync();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Huge(100L * 1024 * 1024, announceLength: false, finished));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("a short answer"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        var critic = _server.ChatRequests.Last().Body;
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("a short answer"));
            Assert.That(result.FailuresByKind, Is.EquivalentTo(new Dictionary<ModelFailureKind, int> { [ModelFailureKind.Malformed] = 1 }));
            Assert.That(_progress, Has.Some.Contain("MODEL_MAX_RESPONSE_KB"));
            Assert.That(critic, Does.Contain("a short answer"));
            Assert.That(critic.Length, Is.LessThan(64 * 1024), "the critic got more than the short answer");
        });
    }

    [Test]
    public async Task EmptyChoices_FailThatModel_AndTheRunFallsBack()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(new ScriptedAnswer(200, """{"choices": []}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("from the second model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        var models = Requests().Take(2).Select(r => r.RootElement.GetProperty("model").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("from the second model"));
            Assert.That(models[0], Is.Not.EqualTo(models[1]));
            Assert.That(result.FailuresByKind[ModelFailureKind.Malformed], Is.EqualTo(1));
            Assert.That(_progress, Has.Some.Contain("no choices"));
        });
    }

    [Test]
    public async Task TenThousandToolCallsInOneMessage_RunOnlyTheCap_AndTheModelIsToldHowManyWereNotRun()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ToolCalls(10_000));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        var messages = Requests()[1].RootElement.GetProperty("messages").EnumerateArray().ToList();
        var assistant = messages.Single(m => m.GetProperty("role").GetString() == "assistant");
        var toolResults = messages.Count(m => m.GetProperty("role").GetString() == "tool");
        var note = messages.Last().GetProperty("content").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(_toolRuns, Is.EqualTo(16));
            Assert.That(result.ToolCalls, Is.EqualTo(16));
            Assert.That(assistant.GetProperty("tool_calls").GetArrayLength(), Is.EqualTo(16), "only the calls that ran go back");
            Assert.That(toolResults, Is.EqualTo(16));
            Assert.That(note, Does.StartWith("9984 tool calls over the limit were not run").And.Contain("MODEL_MAX_TOOL_CALLS_PER_MESSAGE"));
            Assert.That(_progress, Has.Some.StartsWith("cut: 9984 tool calls over the limit were not run"));
        });
    }

    [Test]
    public async Task ThePerRunCap_HoldsOverRounds_AndThenNoToolsAreOffered()
    {
        var sut = await CreateSutAsync(new ToolCallLimitsOptions { PerMessage = 16, PerRun = 5 });
        _server.ChatAnswers.Enqueue(ToolCalls(3, "a"));
        _server.ChatAnswers.Enqueue(ToolCalls(3, "b"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await RunAsync(sut);

        var third = Requests()[2].RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(_toolRuns, Is.EqualTo(5));
            Assert.That(result.Answer, Is.EqualTo("done"));
            Assert.That(third.TryGetProperty("tools", out _), Is.False, "the run's calls are used up: no tools are offered");
            Assert.That(third.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString(),
                Does.StartWith("1 tool calls over the limit were not run").And.Contain("MODEL_MAX_TOOL_CALLS_PER_RUN"));
        });
    }

    private sealed class ProgressObserver(List<string> lines) : IAgentRunObserver
    {
        public void ToolCallsCut(int notRun, string note) => lines.Add("cut: " + note);

        public void Fallback(string role, string fromKey, ModelCallException failure, string? toKey) => lines.Add($"fallback {failure.Kind}: {failure.Message}");
    }
}
