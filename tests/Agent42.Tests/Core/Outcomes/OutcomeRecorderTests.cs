using System.Text;
using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes;

public sealed class OutcomeRecorderTests
{
    private static AgentRunResult Result(int n) => new($"t-{n}", "task", TaskType.Coding, "answer", n % 2 == 0, "approved", $"or-free-m{n % 3}",
        "or-free-critic", 1, 8, 0.5, 100, 20, TimeSpan.FromMilliseconds(250), 0,
        new Dictionary<ModelFailureKind, int> { [ModelFailureKind.PoolRateLimit] = 1 }, []);

    [Test]
    public async Task ManyTasksRecordingAtOnce_LoseNothing_AndEveryLineReadsBack()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)), dir.Path);

        var recorded = await Task.WhenAll(Enumerable.Range(0, 64).Select(n => Task.Run(() => sut.RecordAsync(Result(n), DateTimeOffset.UtcNow, CancellationToken.None))));

        var (outcomes, skipped) = OutcomeLog.Read(sut.OutcomePath);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Has.Count.EqualTo(64));
            Assert.That(skipped, Is.Empty);
            Assert.That(outcomes.Select(o => o.TaskId), Is.EquivalentTo(recorded.Select(r => r.Outcome.TaskId)));
            Assert.That(Directory.GetFiles(dir.Combine(OutcomeRecorder.ReflectionFolder)), Has.Length.EqualTo(64));
            Assert.That(outcomes.Count(o => o.Success), Is.EqualTo(32), "a rate limit on the way is not a failed task");
        });
    }

    [Test]
    public async Task TheOutcomeLineAndTheReflection_AreTwoSteps_AppendingWritesOnlyTheLine()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)), dir.Path);

        var appended = await sut.AppendAsync(Result(1), DateTimeOffset.UtcNow, CancellationToken.None);
        var reflectionAfterAppend = Directory.Exists(dir.Combine(OutcomeRecorder.ReflectionFolder));
        await sut.WriteReflectionAsync("t-1", RunOutcome.Reflection(Result(1)));

        Assert.Multiple(() =>
        {
            Assert.That(reflectionAfterAppend, Is.False);
            Assert.That(File.ReadAllText(dir.Combine(OutcomeRecorder.ReflectionFolder, "t-1.md")), Does.StartWith("# t-1\n"));
            Assert.That(OutcomeLog.Read(sut.OutcomePath).Outcomes, Has.Count.EqualTo(1), "the reflection adds nothing to the log");
        });
        AssertSlicesAreTheLines(sut.OutcomePath, [appended]);
    }

    [Test]
    public async Task ManyTasksRecordingAtOnce_EachReturnedSliceOfTheLogIsExactlyThatRecordsLine()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)), dir.Path);

        var recorded = await RecordAtOnceAsync(Enumerable.Range(0, 256).Select(n => (sut, n)));

        AssertSlicesAreTheLines(sut.OutcomePath, recorded);
    }

    [Test]
    public async Task ManyTasksRecordingAtOnce_ShareFsyncs()
    {
        using var dir = new TempDirectory();
        var writer = new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog));
        var sut = new OutcomeRecorder(writer, dir.Path);
        using var gate = new SemaphoreSlim(0);
        writer.DrainGate = gate;

        // The writer is held while 256 tasks hand in their lines, as if an fsync were taking long; then let go.
        var recording = RecordAtOnceAsync(Enumerable.Range(0, 256).Select(n => (sut, n)));
        var piledUp = await Poll.UntilAsync(() => writer.Pending == 256, TimeSpan.FromSeconds(30));
        writer.DrainGate = null;
        gate.Release();
        var recorded = await recording;

        Assert.Multiple(() =>
        {
            Assert.That(piledUp, Is.True, "the 256 lines never all reached the writer");
            Assert.That(recorded, Has.Length.EqualTo(256));
            Assert.That(sut.FsyncBatches, Is.EqualTo(1), "lines waiting together are committed with one write and one fsync");
        });
        AssertSlicesAreTheLines(sut.OutcomePath, recorded);
    }

    [Test]
    public async Task TwoRecordersOnOnePathInOneProcess_NeverInterleaveTheirLines()
    {
        using var dir = new TempDirectory();
        // The process's one writer, as the container gives it to every recorder; another spelling of the folder changes nothing.
        var writer = new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog));
        var first = new OutcomeRecorder(writer, dir.Path);
        var second = new OutcomeRecorder(writer, dir.Path + Path.DirectorySeparatorChar + ".");

        var recorded = await RecordAtOnceAsync(Enumerable.Range(0, 200).Select(n => (n % 2 == 0 ? first : second, n)));

        Assert.That(second.FsyncBatches, Is.EqualTo(first.FsyncBatches), "both go through one writer");
        AssertSlicesAreTheLines(first.OutcomePath, recorded);
    }

    [Test]
    public async Task WhenTheLogCannotBeWritten_TheWaitingCallersFailClearly_AndARecordAfterTheFixSucceeds()
    {
        using var dir = new TempDirectory();
        var data = dir.Write("data", "a file where the data folder should be");
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(data, OutcomeRecorder.OutcomeLog)), data);

        var failures = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            try
            {
                await sut.RecordAsync(Result(n), DateTimeOffset.UtcNow, CancellationToken.None);
                return null;
            }
            catch (IOException ex)
            {
                return ex;
            }
        })));
        File.Delete(data);
        var later = await sut.RecordAsync(Result(100), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failures, Has.All.Not.Null);
            Assert.That(failures.Select(f => f!.Message), Has.All.Contains("could not be appended to " + sut.OutcomePath));
            Assert.That(later.LengthBefore, Is.Zero);
            Assert.That(OutcomeLog.Read(sut.OutcomePath).Outcomes.Select(o => o.TaskId), Is.EqualTo(new[] { "t-100" }));
        });
        AssertSlicesAreTheLines(sut.OutcomePath, [later]);
    }

    [Test]
    public void CancelledBeforeItIsWritten_RecordsNothing()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)), dir.Path);

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => sut.RecordAsync(Result(1), DateTimeOffset.UtcNow, new CancellationToken(canceled: true)));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(sut.OutcomePath), Is.False);
            Assert.That(Directory.Exists(dir.Combine(OutcomeRecorder.ReflectionFolder)), Is.False);
        });
    }

    [Test]
    public async Task CallersCancellingWhileOthersRecord_LeaveExactlyTheLinesOfTheCallsThatReturned()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)), dir.Path);
        var random = new Random(5);
        var delays = Enumerable.Range(0, 300).Select(_ => random.Next(0, 400)).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(n => Task.Run(async () =>
        {
            using var cancel = new CancellationTokenSource();
            if (n % 2 == 0)
            {
                cancel.CancelAfter(TimeSpan.FromMicroseconds(delays[n]));
            }

            try
            {
                return await sut.RecordAsync(Result(n), DateTimeOffset.UtcNow, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        })));

        var returned = outcomes.OfType<OutcomeAppend>().ToArray();
        Assert.That(returned.Length, Is.GreaterThanOrEqualTo(150), "the callers that never cancel all record");
        AssertSlicesAreTheLines(sut.OutcomePath, returned);
    }

    /// <summary>Every (recorder, n) records Result(n) at once: released together, so their lines overlap in the writer.</summary>
    private static async Task<OutcomeAppend[]> RecordAtOnceAsync(IEnumerable<(OutcomeRecorder Recorder, int N)> records)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = records.Select(r => Task.Run(async () =>
        {
            await start.Task;
            return await r.Recorder.RecordAsync(Result(r.N), DateTimeOffset.UtcNow, CancellationToken.None);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>The log is exactly the returned lines, back to back, and each one's before/after bounds its own line.</summary>
    private static void AssertSlicesAreTheLines(string path, IReadOnlyList<OutcomeAppend> recorded)
    {
        var bytes = File.ReadAllBytes(path);
        var ordered = recorded.OrderBy(r => r.LengthBefore).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(OutcomeLog.Read(path).Skipped, Is.Empty);
            Assert.That(ordered[0].LengthBefore, Is.Zero);
            Assert.That(ordered[^1].LengthAfter, Is.EqualTo(bytes.Length));
            for (var i = 0; i < ordered.Length; i++)
            {
                var r = ordered[i];
                if (i > 0)
                {
                    Assert.That(r.LengthBefore, Is.EqualTo(ordered[i - 1].LengthAfter), "lines are back to back");
                }

                var line = Encoding.UTF8.GetString(bytes, (int)r.LengthBefore, (int)(r.LengthAfter - r.LengthBefore));
                Assert.That(line.IndexOf('\n', StringComparison.Ordinal), Is.EqualTo(line.Length - 1), "one whole line: " + line);
                Assert.That(OutcomeLog.TryParse(line[..^1], out var parsed, out _), Is.True, line);
                Assert.That(parsed.TaskId, Is.EqualTo(r.Outcome.TaskId));
                Assert.That(parsed, Is.EqualTo(r.Outcome));
            }
        });
    }
}
