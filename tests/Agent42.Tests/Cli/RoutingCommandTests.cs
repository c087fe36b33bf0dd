using System.Text.Json;
using Agent42.Core.Outcomes;
using Agent42.Sdk;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

/// <summary>Routing that learns, end to end: tasks through the real loop and HTTP path, outcomes, rerank, routing.</summary>
public sealed class RoutingCommandTests : IAsyncDisposable
{
    private const string Weak = "or-free-gpt-oss-20b";
    private const string Strong = "or-free-qwen3-coder";
    private readonly CliRun _cli = new();
    private FakeOpenRouter _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private async Task StartAsync()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        _cli.Environment["MODEL_MIN_TRIALS"] = "2";
        _cli.Environment["MODEL_RERANK_EVERY_TASKS"] = "4";
        _cli.Environment["MODEL_TRIAL_PERCENTAGE"] = "0";
    }

    private async Task RunWeakAsync()
    {
        // The weak model never satisfies the critic: three coding iterations... of eight would be slow; the critic repeats itself.
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("def parse(): pass"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The parser does nothing; implement it.\nSCORE: 0.1"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("def parse(): pass  # todo"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("The parser still does nothing; implement it.\nSCORE: 0.1"));
        var outcome = await _cli.RunAsync("run", "write a parser", "--type", "coding", "--model", Weak);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
    }

    private async Task RunStrongAsync()
    {
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("def parse(text): return text.split()"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));
        var outcome = await _cli.RunAsync("run", "write a parser", "--type", "coding", "--model", Strong);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
    }

    [Test]
    public async Task AfterTasksRunThroughTheLoop_TheRoutingFileChangesToTheModelThatDidBest()
    {
        await StartAsync();
        var before = await _cli.RunAsync("routing", "show", "--json");

        await RunWeakAsync();
        await RunWeakAsync();
        await RunStrongAsync();
        await RunStrongAsync();

        using var routing = JsonDocument.Parse(File.ReadAllText(_cli.Directory.Combine("data", "dynamic_routing.json")));
        using var performance = JsonDocument.Parse(File.ReadAllText(_cli.Directory.Combine("data", "model_performance.json")));
        var codingRows = performance.RootElement.GetProperty("types").GetProperty("coding");
        var coding = routing.RootElement.GetProperty("routing").GetProperty("coding");
        var after = await _cli.RunAsync("routing", "show", "--json");
        var explain = await _cli.RunAsync("routing", "explain", "coding");
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("done"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        var routed = await _cli.RunAsync("run", "write another parser", "--type", "coding", "--json");

        using var beforeJson = JsonDocument.Parse(before.Out);
        using var afterJson = JsonDocument.Parse(after.Out);
        using var routedJson = JsonDocument.Parse(routed.Out);
        Assert.Multiple(() =>
        {
            Assert.That(beforeJson.RootElement[0].GetProperty("layer").GetString(), Is.EqualTo("default"));
            Assert.That(coding.GetProperty("primary").GetString(), Is.EqualTo(Strong));
            Assert.That(coding.GetProperty("critic").GetString(), Is.EqualTo(Weak));
            Assert.That(coding.GetProperty("sample_size").GetInt32(), Is.EqualTo(2));
            Assert.That(coding.GetProperty("confidence").GetDouble(), Is.GreaterThan(0.5));
            Assert.That(afterJson.RootElement[0].GetProperty("layer").GetString(), Is.EqualTo("dynamic"));
            Assert.That(afterJson.RootElement[0].GetProperty("primary").GetString(), Is.EqualTo(Strong));
            Assert.That(explain.Out, Does.StartWith($"coding: {Strong} (layer: dynamic)"));
            Assert.That(explain.Out, Does.Match($@"{Strong}\s+2\s+1\.00"));
            Assert.That(explain.Out, Does.Match($@"{Weak}\s+2\s+0\.00"));
            Assert.That(explain.Out, Does.Match($@"{Strong}\s.*\s0\.50\s+5\s+none\s"), "no research and no other types: a 0.5 prior worth 5 runs");
            Assert.That(codingRows[0].GetProperty("prior_source").GetString(), Is.EqualTo("none"));
            Assert.That(codingRows[0].GetProperty("prior_weight").GetDouble(), Is.EqualTo(5));
            Assert.That(routedJson.RootElement.GetProperty("model_key").GetString(), Is.EqualTo(Strong));
            Assert.That(routedJson.RootElement.GetProperty("layer").GetString(), Is.EqualTo("dynamic"));
            Assert.That(performance.RootElement.GetProperty("outcomes").GetInt32(), Is.EqualTo(4));
            Assert.That(codingRows[0].GetProperty("model").GetString(), Is.EqualTo(Strong));
            Assert.That(codingRows[0].GetProperty("success_rate").GetDouble(), Is.EqualTo(1.0));
            Assert.That(codingRows[1].GetProperty("success_rate").GetDouble(), Is.EqualTo(0.0));
        });
    }

    [Test]
    public async Task AnAdminOverride_WinsOverWhatWasLearned()
    {
        await StartAsync();
        await RunStrongAsync();
        await RunStrongAsync();
        await RunWeakAsync();
        await RunWeakAsync();
        _cli.Environment["AGENT42_CODING_MODEL"] = Weak;

        var show = await _cli.RunAsync("routing", "show", "--json");

        using var json = JsonDocument.Parse(show.Out);
        Assert.That((json.RootElement[0].GetProperty("layer").GetString(), json.RootElement[0].GetProperty("primary").GetString()),
            Is.EqualTo(("admin", Weak)));
    }

    [Test]
    public async Task Rerank_ReportsSkippedLogLines()
    {
        await StartAsync();
        _cli.Directory.Write("data/outcomes.jsonl", "{\"task_type\":\"coding\"\n");

        var outcome = await _cli.RunAsync("routing", "rerank");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Does.StartWith("skipped outcomes.jsonl line 1: not a complete outcome record"));
            Assert.That(File.Exists(_cli.Directory.Combine("data", "dynamic_routing.json")), Is.True);
        });
    }

    [Test]
    public async Task ShowAndExplain_GiveTheRoutedModel_NotARandomTrial_AndSayHowMuchTheTrialsMayTake()
    {
        await StartAsync();
        await RunWeakAsync();
        await RunWeakAsync();
        await RunStrongAsync();
        await RunStrongAsync();
        // Every task may now be a trial: what the commands show must still be the learned routing, every time.
        _cli.Environment["MODEL_TRIAL_PERCENTAGE"] = "100";

        var shows = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            using var show = JsonDocument.Parse((await _cli.RunAsync("routing", "show", "--json")).Out);
            shows.Add(show.RootElement[0].Clone());
        }

        var explain = await _cli.RunAsync("routing", "explain", "coding");
        var text = await _cli.RunAsync("routing", "show");

        Assert.Multiple(() =>
        {
            Assert.That(shows.Select(s => (s.GetProperty("layer").GetString(), s.GetProperty("primary").GetString())),
                Has.All.EqualTo(("dynamic", Strong)));
            Assert.That(shows[0].GetProperty("trials").GetProperty("tasks").GetInt32(), Is.EqualTo(4));
            Assert.That(shows[0].GetProperty("trials").GetProperty("trials").GetInt32(), Is.Zero);
            Assert.That(shows[0].GetProperty("trials").GetProperty("open").GetBoolean(), Is.True);
            Assert.That(explain.Out, Does.StartWith($"coding: {Strong} (layer: dynamic)"));
            Assert.That(explain.Out, Does.Contain("trials: 0 of 4 coding tasks so far explored other models, at an expected shortfall of 0.00 of the 5.00 allowed (100% of the tasks at 1 each); the next task may go to another model"));
            Assert.That(explain.Out, Does.Match($@"\n    next task, by 2000 draws with a fixed seed: {Strong} \d+\.\d%\n"));
            Assert.That(explain.Out, Does.Match(@"\n    could be tried: or-free-[a-z0-9-]+ \(untried, 0\.50 \+/- 0\.20, \d+\.\d%\)"));
            Assert.That(explain.Out, Does.Contain("discounted by 0.999856 per coding task instead (coding has 100% of the tasks;"), "all four tasks were coding");
            Assert.That(explain.Out, Does.Contain("Before a model's own runs on a type, 25% of its draws ignore its record elsewhere")
                .And.Contain("the runs of 0 (model, type) record(s) with 3+ runs (25% with none, kept within 5%..90%)"), "no model has runs on a second type yet");
            Assert.That(text.Out, Does.Match($@"coding\s+{Strong}\s+dynamic\s+.*\s0/4\n"));
        });
    }

    [Test]
    public async Task Explain_SaysWhichModelsAreHeldBack_BecauseTheirRunsWouldNotRepayTheirShortfall()
    {
        // 200 runs of the strong model at 0.8 and 60 of the weak one at 0.7: the weak one's draws beat the strong one's
        // now and then, but the runs it would take to show it ahead cost more than they could win back.
        var explain = await ExplainCodingAfterAsync(Core.Routing.RoutingTestData.Runs(200, Strong, 0.8).Concat(Core.Routing.RoutingTestData.Runs(60, Weak, 0.7)));

        Assert.Multiple(() =>
        {
            Assert.That(explain.Out, Does.StartWith($"coding: {Strong} (layer: dynamic)"));
            Assert.That(explain.Out, Does.Contain("\n    1 more could out-draw it but would not repay their runs' shortfall within the tasks this type remembers"));
            Assert.That(explain.Out, Does.Match(@"What is learnt now counts for about 6,9\d\d coding tasks"), "one type, so the slowest forgetting");
            Assert.That(explain.Out, Does.Not.Contain($"{Weak} (60 outcomes"), "not among those that could be tried");
        });
    }

    [Test]
    public async Task Explain_CountsAModelHeldBackByItsRecordOnRelatedTypes_ThoughItHasNoRunsOnThisOne()
    {
        // The weak model has never run coding, but 200 runs at 0.6 on debugging and refactoring, which the log shows
        // alike to coding: that record judges it here, and holds it back as it would with runs of its own.
        var explain = await ExplainCodingAfterAsync(Core.Routing.RoutingTestData.AlikeOn(TaskType.Coding, TaskType.Debugging, TaskType.Refactoring)
            .Concat(Core.Routing.RoutingTestData.Runs(200, Strong, 0.8))
            .Concat(Core.Routing.RoutingTestData.Runs(200, Weak, 0.6, TaskType.Debugging))
            .Concat(Core.Routing.RoutingTestData.Runs(200, Weak, 0.6, TaskType.Refactoring)));

        Assert.Multiple(() =>
        {
            Assert.That(explain.Out, Does.StartWith($"coding: {Strong} (layer: dynamic)"));
            Assert.That(explain.Out, Does.Contain("\n    1 more could out-draw it but would not repay their runs' shortfall"));
            Assert.That(explain.Out, Does.Not.Contain($"{Weak} (untried"), "not among those that could be tried");
        });
    }

    [Test]
    public async Task Explain_NamesTheModelAProbeIsDueFor()
    {
        // The weak model's 60 runs at 0.6, then 1,000 of the strong one: no draw of the weak one pays, but it has been
        // left for 1,001 outcomes of the log, so the next task of the type probes it.
        var explain = await ExplainCodingAfterAsync(Core.Routing.RoutingTestData.Runs(60, Weak, 0.6).Concat(Core.Routing.RoutingTestData.Runs(1000, Strong, 0.8)));

        Assert.Multiple(() =>
        {
            Assert.That(explain.Out, Does.Contain("    probes: about one task in 50 looks at a model left on every type for 500 outcomes"));
            Assert.That(explain.Out, Does.Contain($"one is due: {Weak} (priority 1,001)\n"));
        });
    }

    [Test]
    public async Task Explain_SaysNoProbeIsDue_WhenEveryModelRanLately()
    {
        var explain = await ExplainCodingAfterAsync(Core.Routing.RoutingTestData.Runs(200, Strong, 0.8).Concat(Core.Routing.RoutingTestData.Runs(60, Weak, 0.6)));

        Assert.That(explain.Out, Does.Contain("in case it changed; none is due now\n"));
    }

    /// <summary>Starts the CLI with the default trial percentage, writes the log, reranks, and explains coding.</summary>
    private async Task<CliOutcome> ExplainCodingAfterAsync(IEnumerable<OutcomeRecord> log)
    {
        await StartAsync();
        _cli.Environment["MODEL_TRIAL_PERCENTAGE"] = "10";
        _cli.Directory.Write("data/outcomes.jsonl", string.Concat(log.Select(o => OutcomeRecorder.Json(o) + "\n")));
        Assert.That((await _cli.RunAsync("routing", "rerank")).ExitCode, Is.Zero);
        return await _cli.RunAsync("routing", "explain", "coding");
    }
}
