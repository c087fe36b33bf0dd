using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Security;
using Agent42.Core.Tools;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Sdk;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Core.Routing;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Agent;

/// <summary>
/// The whole loop, from task to recorded outcome, through the real HTTP path against a fake OpenRouter on
/// 127.0.0.1 answering in the real wire format.
/// </summary>
public sealed class AgentRunnerTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly RecordingObserver _observer = new();
    private FakeOpenRouter _server = null!;
    private ToolRegistry _registry = null!;

    private ModelCooldowns Cooldowns { get; set; } = null!;

    /// <summary>What every call passes through; auto unless a test says otherwise.</summary>
    private IToolApprover Approver { get; set; } = new ToolApprover(ApprovalMode.Auto);

    private RoutingService Routing { get; set; } = null!;

    private readonly FakeTimeProvider _coolingClock = new(DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private async Task<AgentRunner> CreateSutAsync(params Tool[] tools)
    {
        _server = await FakeOpenRouter.StartAsync();
        _registry = new ToolRegistry(tools, new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
        }).Build();
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = _server.BaseUrl },
            new ModelCatalogStore(_data.Path, TimeProvider.System, NullLogger<ModelCatalogStore>.Instance), TimeProvider.System, NullLogger<ModelCatalogSync>.Instance);
        // Cooldowns on a clock of their own, so a test can let one run out; everything else on the system's.
        Cooldowns = new ModelCooldowns(_coolingClock);
        var routingOptions = new RoutingOptions();
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var writer = new OutcomeLogWriter(_data.Combine(OutcomeRecorder.OutcomeLog));
        Routing = new RoutingService(catalog, new ModelRouter(configuration, store, Cooldowns, routingOptions), store, routingOptions,
            configuration, writer, TimeProvider.System);
        return new AgentRunner(new IterationEngine(_registry, Approver, TimeProvider.System), new ModelEndpointResolver(configuration),
            new ChatClientFactory(TimeProvider.System), new OutcomeRecorder(writer, _data.Path), new TaskTypeClassifier(),
            Cooldowns, Routing, TimeProvider.System);
    }

    private JsonObject LastOutcome() =>
        JsonNode.Parse(File.ReadAllLines(_data.Combine(OutcomeRecorder.OutcomeLog)).Last())!.AsObject();

    private List<JsonDocument> Requests() => _server.ChatRequests.Select(r => JsonDocument.Parse(r.Body)).ToList();

    [Test]
    public async Task AHaiku_IsAnswered_Approved_AndItsOutcomeRecordedInFull()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Tokens fall like rain\nparsers weave a patient tree\nbinaries wake", 40, 20));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nA fine haiku.\nSCORE: 0.9", 60, 10));

        var result = await sut.RunAsync("write a haiku about compilers", TaskType.Content, null, _observer, CancellationToken.None);

        var outcome = LastOutcome();
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Does.StartWith("Tokens fall like rain"));
            Assert.That(result.Approved, Is.True);
            Assert.That(outcome["task_type"]!.GetValue<string>(), Is.EqualTo("content"));
            Assert.That(outcome["model_key"]!.GetValue<string>(), Does.StartWith("or-free-"));
            Assert.That(outcome["critic_key"]!.GetValue<string>(), Is.Not.EqualTo(outcome["model_key"]!.GetValue<string>()));
            Assert.That(outcome["success"]!.GetValue<bool>(), Is.True);
            Assert.That(outcome["stop_reason"]!.GetValue<string>(), Is.EqualTo("approved"));
            Assert.That(outcome["iterations"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(outcome["max_iterations"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(outcome["critic_score"]!.GetValue<double>(), Is.EqualTo(0.9));
            Assert.That(outcome["prompt_tokens"]!.GetValue<long>(), Is.EqualTo(100));
            Assert.That(outcome["completion_tokens"]!.GetValue<long>(), Is.EqualTo(30));
            Assert.That(outcome["latency_ms"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(File.ReadAllText(_data.Combine(OutcomeRecorder.ReflectionFolder, result.TaskId + ".md")), Does.Contain("Approved after 1 of 6 iterations"));
        });
    }

    [Test]
    public async Task ToolCalls_GoThroughTheRegistry_AndTheirResultsGoBackAsToolMessages()
    {
        var sut = await CreateSutAsync(DelegateTool.Returning("read_file", "# Agent42 readme"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "read_file", """{"path":"README.md"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The readme is titled Agent42."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 1"));

        var result = await sut.RunAsync("what is the readme's title?", TaskType.Research, null, _observer, CancellationToken.None);

        var second = Requests()[1].RootElement.GetProperty("messages");
        var toolMessage = second.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("The readme is titled Agent42."));
            Assert.That(result.ToolCalls, Is.EqualTo(1));
            Assert.That(toolMessage.GetProperty("tool_call_id").GetString(), Is.EqualTo("call_1"));
            Assert.That(toolMessage.GetProperty("content").GetString(), Is.EqualTo("# Agent42 readme"));
            Assert.That(_observer.Lines, Does.Contain("tool read_file {\"path\":\"README.md\"}"));
        });
    }

    [Test]
    public async Task ACallWhoseArgumentsDoNotParse_IsShownInProgress_AndTheModelIsToldWhy()
    {
        var sut = await CreateSutAsync(DelegateTool.Returning("read_file", "text"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "read_file", """{"path": "README"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await sut.RunAsync("read the readme", TaskType.Research, null, _observer, CancellationToken.None);

        var toolMessage = Requests()[1].RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Multiple(() =>
        {
            Assert.That(result.ToolCalls, Is.EqualTo(1));
            Assert.That(_observer.Lines, Does.Contain("tool read_file (arguments are not valid JSON)"));
            Assert.That(_observer.Lines.Last(l => l.StartsWith("result", StringComparison.Ordinal)), Does.StartWith("result read_file: Error: the arguments for 'read_file' are not valid JSON"));
            Assert.That(toolMessage.GetProperty("content").GetString(), Does.StartWith("Error: the arguments for 'read_file' are not valid JSON"));
        });
    }

    [Test]
    public async Task InReadOnlyMode_AWritingToolDoesNotRun_AndTheModelIsToldWhy_WhileAReadOnlyToolRuns()
    {
        using var workspace = new TempDirectory();
        workspace.Write("notes.txt", "the notes");
        var wrote = false;
        Approver = new ToolApprover(ApprovalMode.ReadOnly);
        var sut = await CreateSutAsync(
            new ReadFileTool(new WorkspaceSandbox(workspace.Path), new ToolOptions()),
            new DelegateTool("save", (_, _) =>
            {
                wrote = true;
                return Task.FromResult(ToolResult.Ok("saved"));
            }));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "save", "{}"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_2", "read_file", """{"path":"notes.txt"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        await sut.RunAsync("save then read", TaskType.Coding, null, _observer, CancellationToken.None);

        var toolMessages = Requests()[2].RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool").Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(wrote, Is.False, "a tool that does not declare itself read-only counts as writing");
            Assert.That(toolMessages[0], Is.EqualTo("Error: " + ApprovalPolicy.RefusedReadOnly("save")));
            Assert.That(toolMessages[1], Does.Contain("the notes"));
        });
    }

    [Test]
    public async Task AToolHotSwappedInMidTask_IsOfferedInTheNextRound_AndCanBeCalled()
    {
        var sut = await CreateSutAsync(DelegateTool.Returning("read_file", "text"));
        _observer.OnToolCalled = () => _registry.ReplaceFileTools("/tools/late.cs", [DelegateTool.Returning("late_tool", "late result")]);
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "read_file", """{"path":"a"}"""));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_2", "late_tool", "{}"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        await sut.RunAsync("use whatever tools appear", TaskType.Coding, null, _observer, CancellationToken.None);

        var requests = Requests();
        static IEnumerable<string?> ToolNames(JsonDocument request) =>
            request.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(ToolNames(requests[0]), Does.Not.Contain("late_tool"));
            Assert.That(ToolNames(requests[1]), Does.Contain("late_tool"));
            Assert.That(_observer.Lines, Does.Contain("result late_tool: late result"));
        });
    }

    [Test]
    public async Task ATool_IsOfferedOnTheWire_InTheOpenAiFunctionShape_BuiltFromItsNameDescriptionAndSchema()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"name":{"type":"string","description":"Who to greet."}},"required":["name"],"additionalProperties":false}
            """).RootElement;
        var sut = await CreateSutAsync(new DelegateTool("greet", (_, _) => Task.FromResult(ToolResult.Ok("hi")), "Greets someone.", schema));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        await sut.RunAsync("greet nobody", TaskType.Coding, null, _observer, CancellationToken.None);

        var offered = JsonNode.Parse(Requests()[0].RootElement.GetProperty("tools").GetRawText())!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(offered["type"]!.GetValue<string>(), Is.EqualTo("function"));
            Assert.That(offered["function"]!["name"]!.GetValue<string>(), Is.EqualTo("greet"));
            Assert.That(offered["function"]!["description"]!.GetValue<string>(), Is.EqualTo("Greets someone."));
            Assert.That(JsonNode.DeepEquals(offered["function"]!["parameters"], JsonNode.Parse(schema.GetRawText())), Is.True,
                offered["function"]!["parameters"]!.ToJsonString());
        });
    }

    [Test]
    public async Task CriticFeedback_DrivesTheNextIteration_UntilApproved()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("draft one"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The second line lacks seven syllables.\nSCORE: 0.4"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("draft two"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.8"));

        var result = await sut.RunAsync("write a haiku", TaskType.Content, null, _observer, CancellationToken.None);

        var third = Requests()[2].RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString();
        Assert.Multiple(() =>
        {
            Assert.That((result.Answer, result.Iterations, result.StopReason, result.CriticScore), Is.EqualTo(("draft two", 2, "approved", (double?)0.8)));
            Assert.That(third, Does.Contain("The second line lacks seven syllables."));
        });
    }

    [Test]
    public async Task TwoAlikeCritiques_StopTheRun_AsConverged()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("v1"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Add error handling for the empty input case please."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("v2"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Please add error handling for the empty input case."));

        var result = await sut.RunAsync("parse the input", TaskType.Coding, null, _observer, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Iterations, result.StopReason, result.Approved), Is.EqualTo((2, "converged", false)));
            Assert.That(result.CriticScore, Is.Null, "a missing score is absent, not 0");
            Assert.That(LastOutcome()["critic_score"], Is.Null);
        });
    }

    [Test]
    public async Task WithoutApproval_TheRunStopsAtTheTaskTypesLimit()
    {
        var sut = await CreateSutAsync();
        string[] critiques = ["Too formal.", "Now it is too casual and lacks a greeting.", "Mention the meeting date explicitly."];
        foreach (var critique in critiques)
        {
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Dear team, ..."));
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Text(critique + "\nSCORE: 0.5"));
        }

        var result = await sut.RunAsync("write an email to the team", TaskType.Email, null, _observer, CancellationToken.None);

        Assert.That((result.Iterations, result.MaxIterations, result.StopReason), Is.EqualTo((3, 3, "max_iterations")));
    }

    [Test]
    public async Task AFailingModel_FallsBackToTheNext_AndTheFailureIsCountedByKind()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(429, "Provider returned error", new JsonObject { ["provider_name"] = "Chutes" }));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(404, "No endpoints found that support tool use."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("answer from the third model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await sut.RunAsync("anything", TaskType.Coding, null, _observer, CancellationToken.None);

        var models = Requests().Take(3).Select(r => r.RootElement.GetProperty("model").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.Answer, Is.EqualTo("answer from the third model"));
            Assert.That(models.Distinct().Count(), Is.EqualTo(3), "each attempt went to a different model");
            Assert.That(result.FailuresByKind, Is.EquivalentTo(new Dictionary<ModelFailureKind, int>
            {
                [ModelFailureKind.ModelRateLimit] = 1,
                [ModelFailureKind.NoToolSupport] = 1,
            }));
            Assert.That(LastOutcome()["failures"]!.ToJsonString(), Is.EqualTo("""{"model_rate_limit":1,"no_tool_support":1}"""));
            Assert.That(LastOutcome()["success"]!.GetValue<bool>(), Is.True, "rate limits are not the model failing the task");
        });
    }

    /// <summary>
    /// A log in which the default primary failed every coding task: the next coding task goes to an untried model on
    /// trial (any draw beats the incumbent's floor). Returns the incumbent's key.
    /// </summary>
    private string FailedIncumbentOnCoding()
    {
        var incumbent = Routing.Registry().Routable(requireTools: true, minContext: null)[0].Key;
        File.WriteAllBytes(_data.Combine(OutcomeRecorder.OutcomeLog), Enumerable.Range(0, 20)
            .SelectMany(_ => OutcomeRecorder.Line(RoutingTestData.Outcome(incumbent, TaskType.Coding, success: false, critic: null))).ToArray());
        return incumbent;
    }

    [Test]
    public async Task ATrialModelThatIsRateLimited_LeavesTheFallbacksOutcome_LabelledAsTheLayersOwn_AndSpendsNoTrialBudget()
    {
        var sut = await CreateSutAsync();
        var incumbent = FailedIncumbentOnCoding();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(429, "Provider returned error", new JsonObject { ["provider_name"] = "Chutes" }));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("answer from the incumbent"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await sut.RunAsync("fix the parser", TaskType.Coding, null, _observer, CancellationToken.None);

        var outcome = LastOutcome();
        Assert.Multiple(() =>
        {
            Assert.That(_observer.Lines.First(l => l.StartsWith("chosen primary", StringComparison.Ordinal)), Does.Contain(": trial: "), "the task went to a trial");
            Assert.That(result.ModelKey, Is.EqualTo(incumbent));
            Assert.That(outcome["model_key"]!.GetValue<string>(), Is.EqualTo(incumbent));
            Assert.That(outcome["trial"]!.GetValue<bool>(), Is.False, "the incumbent answered: not a trial outcome");
            Assert.That(outcome["layer"]!.GetValue<string>(), Is.EqualTo("default"), "the layer whose fallback answered");
            Assert.That(Routing.TrialBudget(TaskType.Coding).Trials, Is.Zero, "no trial budget spent on a trial that never ran");
        });
    }

    [Test]
    public async Task ATrialModelThatAnswers_IsRecordedAsATrial()
    {
        var sut = await CreateSutAsync();
        var incumbent = FailedIncumbentOnCoding();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("answer from the trial model"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await sut.RunAsync("fix the parser", TaskType.Coding, null, _observer, CancellationToken.None);

        var outcome = LastOutcome();
        Assert.Multiple(() =>
        {
            Assert.That(result.ModelKey, Is.Not.EqualTo(incumbent));
            Assert.That(outcome["trial"]!.GetValue<bool>(), Is.True);
            Assert.That(outcome["layer"]!.GetValue<string>(), Is.EqualTo("trial"));
            Assert.That(Routing.TrialBudget(TaskType.Coding).Trials, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WhenEveryModelIsRateLimited_NoOutcomeIsRecorded_SoNoModelIsBlamed()
    {
        var sut = await CreateSutAsync();
        for (var i = 0; i < 100; i++)
        {
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(429, "Rate limit exceeded: free-models-per-min"));
        }

        Assert.That(() => sut.RunAsync("anything", TaskType.Coding, null, _observer, CancellationToken.None),
            Throws.TypeOf<AgentRunException>().With.Message.Contain("no primary model could answer"));
        Assert.That(File.Exists(_data.Combine(OutcomeRecorder.OutcomeLog)) ? File.ReadAllLines(_data.Combine(OutcomeRecorder.OutcomeLog)) : [],
            Is.Empty, "a rate limit is not the model failing the task: nothing goes into the ranking");
    }

    /// <summary>A runner whose first coding task met a one-off upstream 429 (no Retry-After) and was answered by the next model.</summary>
    private async Task<AgentRunner> AfterAnUpstream429Async()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(429, "Provider returned error", new JsonObject { ["provider_name"] = "Chutes" }));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("first"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        await sut.RunAsync("task one", TaskType.Coding, null, _observer, CancellationToken.None);
        return sut;
    }

    [Test]
    public async Task AModelCoolingDownFromAnEarlierTask_IsSkippedWithoutACall()
    {
        var sut = await AfterAnUpstream429Async();
        var limited = Requests()[0].RootElement.GetProperty("model").GetString();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("second"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var second = await sut.RunAsync("task two", TaskType.Coding, null, _observer, CancellationToken.None);

        var models = Requests().Skip(3).Select(r => r.RootElement.GetProperty("model").GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(models, Does.Not.Contain(limited), "the rate-limited model is not called while it cools down");
            Assert.That(second.Answer, Is.EqualTo("second"));
            Assert.That(second.FailuresByKind, Is.Empty, "skipping is not a failure");
        });
    }

    [Test]
    public async Task AModelsOneOff429WithoutRetryAfter_KeepsItOffForAMinute_NotFive()
    {
        var sut = await AfterAnUpstream429Async();

        var cooling = Routing.Route(TaskType.Coding, usesTools: true).Skipped;
        _coolingClock.Advance(TimeSpan.FromSeconds(61));
        var aMinuteLater = Routing.Route(TaskType.Coding, usesTools: true).Skipped;

        Assert.Multiple(() =>
        {
            Assert.That(cooling, Has.One.Contains("cooling down after ModelRateLimit"), "the 429 put its model in a cooldown");
            Assert.That(aMinuteLater, Has.None.Contains("cooling down"), "a minute on, it is eligible again");
        });
    }

    [Test]
    public async Task WithoutAType_TheTaskIsClassifiedFromItsWords()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("Dear team, thank you."));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        var result = await sut.RunAsync("write an email to thank the team", null, null, _observer, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TaskType.Email));
            Assert.That(LastOutcome()["task_type"]!.GetValue<string>(), Is.EqualTo("email"));
        });
    }

    [Test]
    public async Task ARefusedKey_EndsTheRunAtOnce()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Error(401, "No auth credentials found"));

        Assert.That(() => sut.RunAsync("anything", TaskType.Coding, null, _observer, CancellationToken.None),
            Throws.TypeOf<AgentRunException>().With.Message.Contains("refused the API key"));
        Assert.That(_server.ChatRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ATaskTooBigForMostContexts_GoesOnlyToModelsThatHoldIt()
    {
        var sut = await CreateSutAsync();
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("a summary", 40, 20));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9", 60, 10));
        // About 750,000 tokens of pasted text: of the shipped catalog's free tool models only the 1M-token one holds it.
        var task = "summarise this log: " + string.Join(' ', Enumerable.Repeat("lorem", 500_000));

        await sut.RunAsync(task, TaskType.Research, null, _observer, CancellationToken.None);

        var chosen = _observer.Lines.Where(l => l.StartsWith("chosen ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(chosen[0], Does.StartWith("chosen primary or-free-owl-alpha:"));
            Assert.That(chosen[0], Does.Match(@"skipped or-free-[a-z0-9-]+: its context of \d+ tokens is under the \d+ this task needs"));
            Assert.That(_server.ChatRequests, Is.Not.Empty);
        });
    }

    private sealed class RecordingObserver : IAgentRunObserver
    {
        public List<string> Lines { get; } = [];

        public Action? OnToolCalled { get; set; }

        public void ToolCalled(string tool, string argumentsJson)
        {
            Lines.Add($"tool {tool} {argumentsJson}");
            OnToolCalled?.Invoke();
            OnToolCalled = null;
        }

        public void ToolReturned(string tool, ToolResult result) => Lines.Add($"result {tool}: {result.Content}");

        public void ModelChosen(string role, string modelKey, string reason) => Lines.Add($"chosen {role} {modelKey}: {reason}");
    }
}
