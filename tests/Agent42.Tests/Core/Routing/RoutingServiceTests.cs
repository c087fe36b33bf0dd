using Agent42.Core.Agent;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Routing;

public sealed class RoutingServiceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private OutcomeLogWriter? _writer;

    private string LogPath => _data.Combine(OutcomeRecorder.OutcomeLog);

    /// <summary>This process's one writer of the log, as the container gives it to the recorder and the routing.</summary>
    private OutcomeLogWriter Writer => _writer ??= new OutcomeLogWriter(LogPath);

    private static AgentRunResult Result(string task) => new(task, "task", TaskType.Coding, "answer", true, "approved", "or-free-a", null, 1, 8, 0.9,
        100, 20, TimeSpan.FromMilliseconds(100), 0, new Dictionary<ModelFailureKind, int>(), []);

    /// <summary>Outcomes that differ in every summed term, so sums added out of the log's order differ in their last bits.</summary>
    private static AgentRunResult Varied(int n) => new($"t-{n}", "task", n % 3 == 0 ? TaskType.Debugging : TaskType.Coding, "answer", n % 4 != 1,
        n % 4 != 1 ? "approved" : "max_iterations", $"or-free-m{n % 5}", null, 1 + (n % 3), 8, n % 7 == 0 ? null : n * 0.137 % 1,
        100 + (n * 37 % 900), 20 + (n * 11 % 300), TimeSpan.FromMilliseconds(100 + n), 0, new Dictionary<ModelFailureKind, int>(), []);

    [Test]
    public async Task ItsRunningSums_FollowItsOwnRecords_AndSeeLinesAnotherProcessAppended()
    {
        var recorder = new OutcomeRecorder(Writer, _data.Path);
        var sut = Service(new RoutingOptions());

        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t1"), DateTimeOffset.UtcNow, CancellationToken.None));
        var afterOwn = sut.Stats().Count;
        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t2"), DateTimeOffset.UtcNow, CancellationToken.None));
        // Another agent42 process appends to the same log (with its own writer: a recorder here would share this one's)...
        await File.AppendAllTextAsync(LogPath, OutcomeRecorder.Json(RunOutcome.Record(Result("other"), DateTimeOffset.UtcNow)) + "\n");
        // ...before this one records again.
        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t3"), DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(afterOwn, Is.EqualTo(1));
            Assert.That(sut.Stats().Count, Is.EqualTo(4));
            Assert.That(sut.Stats().Rank(TaskType.Coding, "or-free-a", null, 5).Samples, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task LinesOfOneBatchHandedOverInAnyOrder_AreTakenWithoutReadingTheLogAgain_AndCountAsAWholeReadWould()
    {
        var recorder = new OutcomeRecorder(Writer, _data.Path);
        // A frozen clock: how long the lines wait for the one before them must not decide the outcome of the test.
        var sut = Service(time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        sut.Stats();

        var appended = await AppendAtOnceAsync(recorder, Enumerable.Range(0, 32));
        // Last line first: every line but one arrives ahead of the lines before it.
        var byEnd = appended.OrderByDescending(a => a.LengthBefore).ToArray();
        foreach (var append in byEnd[..^1])
        {
            sut.OutcomeRecorded(append);
        }

        var beforeTheFirstLine = sut.Stats().Count;
        sut.OutcomeRecorded(byEnd[^1]);

        Assert.Multiple(() =>
        {
            Assert.That(beforeTheFirstLine, Is.Zero, "the lines after a missing one wait for it");
            Assert.That(sut.Stats().Count, Is.EqualTo(32));
            Assert.That(sut.LogReads, Is.EqualTo(1), "only the first read: every line came from this process");
        });
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public async Task LinesAnotherProcessAppended_AreRead_EvenWhileOwnLinesWaitForTheirCallers()
    {
        var recorder = new OutcomeRecorder(Writer, _data.Path);
        using var elsewhere = new TempDirectory();
        var link = Path.Combine(elsewhere.Path, "data");
        Directory.CreateSymbolicLink(link, _data.Path);
        // Through the link, with a writer of its own, as another process would.
        var otherProcess = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(link, OutcomeRecorder.OutcomeLog)), link);
        var sut = Service();

        sut.OutcomeRecorded(await recorder.AppendAsync(Varied(1), DateTimeOffset.UtcNow, CancellationToken.None));
        var notYetHandedOver = await recorder.AppendAsync(Varied(2), DateTimeOffset.UtcNow, CancellationToken.None);
        await otherProcess.RecordAsync(Varied(3), DateTimeOffset.UtcNow, CancellationToken.None);
        await File.AppendAllTextAsync(LogPath, OutcomeRecorder.Json(RunOutcome.Record(Varied(4), DateTimeOffset.UtcNow)) + "\n");
        sut.OutcomeRecorded(await recorder.AppendAsync(Varied(5), DateTimeOffset.UtcNow, CancellationToken.None));
        var beforeTheLateOne = sut.Stats().Count;
        sut.OutcomeRecorded(notYetHandedOver);
        await File.AppendAllTextAsync(LogPath, OutcomeRecorder.Json(RunOutcome.Record(Varied(6), DateTimeOffset.UtcNow)) + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(beforeTheLateOne, Is.EqualTo(5), "the other process's lines showed the log had to be read");
            Assert.That(sut.Stats().Count, Is.EqualTo(6), "a line handed over after the read that had it is not counted twice");
        });
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public async Task ManyTasksOnSeveralRecorders_HandingOverAsTheyFinish_LeaveTheSumsAWholeReadGives()
    {
        var recorders = new[]
        {
            new OutcomeRecorder(Writer, _data.Path),
            new OutcomeRecorder(Writer, _data.Path),
            new OutcomeRecorder(Writer, _data.Path + Path.DirectorySeparatorChar + "."),
        };
        var sut = Service();
        sut.Stats();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, 300).Select(n => Task.Run(async () =>
        {
            await start.Task;
            sut.OutcomeRecorded(await recorders[n % recorders.Length].RecordAsync(Varied(n), DateTimeOffset.UtcNow, CancellationToken.None));
            sut.Stats();
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(tasks);

        Assert.That(sut.Stats().Count, Is.EqualTo(300));
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public async Task AnOwnLineNobodyHandsOver_HoldsUpTheLinesAfterIt_OnlyForAWhile()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recorder = new OutcomeRecorder(Writer, _data.Path);
        var sut = Service(time: time);
        sut.Stats();

        // Its task failed between appending the line and handing it over.
        await recorder.AppendAsync(Varied(1), DateTimeOffset.UtcNow, CancellationToken.None);
        sut.OutcomeRecorded(await recorder.AppendAsync(Varied(2), DateTimeOffset.UtcNow, CancellationToken.None));
        var waiting = sut.Stats().Count;
        time.Advance(TimeSpan.FromSeconds(1));
        var stillWaiting = sut.Stats().Count;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.Zero);
            Assert.That(stillWaiting, Is.Zero);
            Assert.That(sut.Stats().Count, Is.EqualTo(2), "given up on: the log is read");
        });
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public async Task AfterACrashTornLastLine_TheFragmentIsSetAside_AndEveryLineAppendedCounts()
    {
        var good = OutcomeRecorder.Json(RunOutcome.Record(Varied(1), DateTimeOffset.UtcNow));
        _data.Write(OutcomeRecorder.OutcomeLog, good + "\n" + good[..20]);
        var recorder = new OutcomeRecorder(Writer, _data.Path);
        var sut = Service();
        var beforeAppending = sut.Stats().Count;

        // Before the fix the first line was glued to the fragment and read as part of it: recorded, and lost.
        sut.OutcomeRecorded(await recorder.AppendAsync(Varied(2), DateTimeOffset.UtcNow, CancellationToken.None));
        var afterTheFirstLine = sut.Stats().Count;
        sut.OutcomeRecorded(await recorder.AppendAsync(Varied(3), DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(beforeAppending, Is.EqualTo(1));
            Assert.That(afterTheFirstLine, Is.EqualTo(2));
            Assert.That(sut.Stats().Count, Is.EqualTo(3));
            Assert.That(sut.LogReads, Is.EqualTo(1), "the repair left the line where the follower expected it");
            Assert.That(File.ReadAllText(LogPath + ".torn"), Does.EndWith("\n" + good[..20] + "\n"));
        });
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public async Task LinesOfOtherProcesses_AreReadFromWhereTheSumsEnd_NotWhole()
    {
        var sut = Service();
        sut.Stats();

        for (var n = 0; n < 5; n++)
        {
            await File.AppendAllTextAsync(LogPath, OutcomeRecorder.Json(RunOutcome.Record(Varied(n), DateTimeOffset.UtcNow)) + "\n");
            sut.Stats();
        }

        Assert.Multiple(() =>
        {
            Assert.That(sut.Stats().Count, Is.EqualTo(5));
            Assert.That(sut.LogReads, Is.EqualTo(1), "each other process's line is read once, from where the sums ended");
        });
        AssertSameAsAWholeRead(sut.Stats());
    }

    [Test]
    public void AnOutcomeLogThatIsADirectory_StillRoutes_SayingWhatItSkipped()
    {
        Directory.CreateDirectory(LogPath);
        var sut = Service();

        var decision = sut.Route(TaskType.Coding);

        Assert.That(decision.Skipped, Has.Some.Contains("outcomes.jsonl is a directory"));
    }

    /// <summary>Released together, so their lines overlap in the log's writer and share fsyncs.</summary>
    private static async Task<OutcomeAppend[]> AppendAtOnceAsync(OutcomeRecorder recorder, IEnumerable<int> runs)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = runs.Select(n => Task.Run(async () =>
        {
            await start.Task;
            return await recorder.AppendAsync(Varied(n), DateTimeOffset.UtcNow, CancellationToken.None);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>The sums equal, to the last bit, those of the whole log read afresh, as after a restart.</summary>
    private void AssertSameAsAWholeRead(OutcomeStats stats)
    {
        var (outcomes, _) = OutcomeLog.Read(LogPath);
        var fresh = OutcomeStats.From(outcomes);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Count, Is.EqualTo(fresh.Count));
            Assert.That(stats.CountRecordedAfter(DateTimeOffset.MinValue), Is.EqualTo(fresh.CountRecordedAfter(DateTimeOffset.MinValue)));
            foreach (var type in Enum.GetValues<TaskType>())
            {
                Assert.That(stats.Totals(type), Is.EqualTo(fresh.Totals(type)), type.ToString());
                Assert.That(stats.Ranks(type, _ => null, 5), Is.EqualTo(fresh.Ranks(type, _ => null, 5)), type.ToString());
            }
        });
    }

    /// <summary>The service on this test's log; by default never reranking, which these tests are not about.</summary>
    [Test]
    public void TwoServicesWithOneSeedOverOneLog_MakeTheSameDecisions_AndAnotherSeedOthers()
    {
        // An incumbent with a middling record and untried models beside it: trials are open and every decision draws.
        var incumbent = Service().Registry().Routable(requireTools: true, minContext: null)[0].Key;
        File.WriteAllLines(LogPath, Enumerable.Range(0, 30)
            .Select(i => OutcomeRecorder.Json(RoutingTestData.Outcome(incumbent, success: i % 10 < 6, critic: i % 10 < 6 ? 0.7 : 0.2))));
        List<string> Decisions(int seed)
        {
            var sut = Service(new RoutingOptions { RerankEveryTasks = 100_000, TrialPercentage = 100 }, random: new Random(seed));
            return Enumerable.Range(0, 200).Select(_ => sut.Route(TaskType.Coding).Primary[0].Key).ToList();
        }

        var first = Decisions(7);
        var second = Decisions(7);
        var other = Decisions(8);

        Assert.Multiple(() =>
        {
            Assert.That(first.Distinct().Count(), Is.GreaterThan(1), "the decisions draw: not one model every time");
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void TheRoutingSeed_IsReadFromItsVariable_AndUnsetByDefault()
    {
        var set = OptionsLoader.Load<RoutingOptions>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AGENT42_ROUTING_SEED"] = "42" }).Build());
        var empty = OptionsLoader.Load<RoutingOptions>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AGENT42_ROUTING_SEED"] = "" }).Build());

        Assert.Multiple(() =>
        {
            Assert.That(set.Seed, Is.EqualTo(42));
            Assert.That(empty.Seed, Is.Null, "KEY= as in a copied .env.example means unset");
            Assert.That(new RoutingOptions().Seed, Is.Null);
        });
    }

    private RoutingService Service(RoutingOptions? options = null, TimeProvider? time = null, Random? random = null)
    {
        time ??= TimeProvider.System;
        options ??= new RoutingOptions { RerankEveryTasks = 100_000 };
        var configuration = new ConfigurationBuilder().Build();
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = "http://127.0.0.1:1/api/v1" },
            new ModelCatalogStore(_data.Path, time, NullLogger<ModelCatalogStore>.Instance), time, NullLogger<ModelCatalogSync>.Instance);
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        return new RoutingService(catalog, new ModelRouter(configuration, store, new ModelCooldowns(time), options), store, options,
            configuration, Writer, time, random: random);
    }
}
