using System.Text;
using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Storage;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes;

/// <summary>The log's writer against what crashes, hand edits and other processes leave on the real file system.</summary>
public sealed class OutcomeLogWriterTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string LogPath => _data.Combine(OutcomeRecorder.OutcomeLog);

    private static OutcomeRecord Outcome(int n) => RunOutcome.Record(new AgentRunResult($"t-{n}", "task", TaskType.Coding, "answer", true, "approved",
        "or-free-a", null, 1, 8, 0.5, 100, 20, TimeSpan.FromMilliseconds(250), 0, new Dictionary<ModelFailureKind, int>(), []), DateTimeOffset.UnixEpoch);

    private static string Line(int n) => OutcomeRecorder.Json(Outcome(n));

    [Test]
    public async Task ATornLastLine_IsSetAsideWithWhereItCameFrom_AndTheNewLineStartsOnItsOwn()
    {
        var fragment = Line(1)[..30];
        _data.Write(OutcomeRecorder.OutcomeLog, Line(0) + "\n" + fragment);
        var sut = new OutcomeLogWriter(LogPath);

        var appended = await sut.AppendAsync(Outcome(2), CancellationToken.None);

        var torn = File.ReadAllText(LogPath + TornTail.Suffix);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(LogPath), Is.EqualTo(Line(0) + "\n" + Line(2) + "\n"));
            Assert.That(appended.LengthBefore, Is.EqualTo(Line(0).Length + 1), "where the fragment was");
            Assert.That(OutcomeLog.Read(LogPath).Skipped, Is.Empty);
            Assert.That(torn, Does.StartWith("# ").And.Contain($"30 byte(s) from {LogPath} at offset {Line(0).Length + 1}"));
            Assert.That(torn, Does.EndWith("\n" + fragment + "\n"), "kept byte for byte");
        });
    }

    [Test]
    public async Task TwoTornTails_AreBothKept_InTheOrderTheyWereSetAside()
    {
        _data.Write(OutcomeRecorder.OutcomeLog, "first fragment");
        var sut = new OutcomeLogWriter(LogPath);
        await sut.AppendAsync(Outcome(1), CancellationToken.None);
        File.AppendAllText(LogPath, "second fragment");

        await sut.AppendAsync(Outcome(2), CancellationToken.None);

        var torn = File.ReadAllText(LogPath + TornTail.Suffix);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(LogPath), Is.EqualTo(Line(1) + "\n" + Line(2) + "\n"));
            Assert.That(torn.IndexOf("\nfirst fragment\n", StringComparison.Ordinal), Is.LessThan(torn.IndexOf("\nsecond fragment\n", StringComparison.Ordinal)).And.Not.Negative);
        });
    }

    [Test]
    public async Task ALastLineMissingOnlyItsNewline_IsKept_AndGivenIt()
    {
        _data.Write(OutcomeRecorder.OutcomeLog, Line(0) + "\n" + Line(1));
        var sut = new OutcomeLogWriter(LogPath);

        var appended = await sut.AppendAsync(Outcome(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(LogPath), Is.EqualTo(Line(0) + "\n" + Line(1) + "\n" + Line(2) + "\n"));
            Assert.That(appended.LengthBefore, Is.EqualTo(Line(0).Length + Line(1).Length + 2));
            Assert.That(File.Exists(LogPath + TornTail.Suffix), Is.False, "nothing was torn");
        });
    }

    [Test]
    public async Task AfterARepairShortensTheLog_WroteStillNamesExactlyThisWritersBytes()
    {
        var sut = new OutcomeLogWriter(LogPath);
        var first = await sut.AppendAsync(Outcome(1), CancellationToken.None);
        // Another process crashed part-way through a line.
        File.AppendAllText(LogPath, "{\"task_id\":\"t-torn");
        var withFragment = new FileInfo(LogPath).Length;
        var fragmentIsOurs = sut.Wrote(first.LengthAfter, withFragment);

        var second = await sut.AppendAsync(Outcome(2), CancellationToken.None);
        var stretch = sut.Wrote(0, second.LengthAfter);
        File.AppendAllText(LogPath, Line(3) + "\n");
        var third = await sut.AppendAsync(Outcome(4), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(fragmentIsOurs, Is.False);
            Assert.That(second.LengthBefore, Is.EqualTo(first.LengthAfter), "the fragment was cut off where it started");
            Assert.That(stretch, Is.True, "the cut fragment's bytes are gone: the stretch goes on");
            Assert.That(sut.Wrote(second.LengthAfter, third.LengthAfter), Is.False, "another process's line lies in between");
            Assert.That(sut.Wrote(third.LengthBefore, third.LengthAfter), Is.True);
            Assert.That(OutcomeLog.Read(LogPath).Outcomes.Select(o => o.TaskId), Is.EqualTo(new[] { "t-1", "t-2", "t-3", "t-4" }));
        });
    }

    [Test]
    public void TheAppendHandle_WritesAtTheEndAsItIsThen_NotAtTheLengthSeenWhenItWasOpened()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("O_APPEND is opened by hand on Linux only");
        }

        _data.Write(OutcomeRecorder.OutcomeLog, "a\n");
        using var handle = OutcomeLogFile.OpenAppend(LogPath);
        var seenAtOpen = RandomAccess.GetLength(handle);
        // Another process appends between this one's open and its write (the measured loss: two of three outcomes).
        File.AppendAllText(LogPath, "b\n");

        RandomAccess.Write(handle, "c\n"u8, seenAtOpen);

        Assert.That(File.ReadAllText(LogPath), Is.EqualTo("a\nb\nc\n"));
    }

    [Test]
    public async Task AFifoAtThePath_IsRefusedAtOnce_ByReadingAndAppending_NamingWhatItIs()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        Posix.MakeFifo(LogPath);
        var sut = new OutcomeLogWriter(LogPath);

        // On a worker thread with a limit, so a regression fails the test instead of hanging the suite.
        var read = await Task.Run(() => Assert.Throws<StateFileException>(() => OutcomeLog.Read(LogPath))).WaitAsync(TimeSpan.FromSeconds(30));
        var readFrom = await Task.Run(() => Assert.Throws<StateFileException>(() => OutcomeLog.ReadFrom(LogPath, 0))).WaitAsync(TimeSpan.FromSeconds(30));
        var append = Assert.ThrowsAsync<IOException>(() => sut.AppendAsync(Outcome(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Multiple(() =>
        {
            Assert.That(read!.Message, Does.Contain("is a FIFO (named pipe), not a regular file; Agent42 keeps the outcome log there"));
            Assert.That(readFrom!.Message, Does.Contain("FIFO"));
            Assert.That(append!.Message, Does.Contain("could not be appended to " + LogPath).And.Contain("a FIFO (named pipe)"));
        });
    }

    [Test]
    public async Task ALogMovedAsideBetweenBatches_KeepsItsLines_AndTheNextBatchGoesToTheLogNowAtThePath()
    {
        using var sut = new OutcomeLogWriter(LogPath);
        await sut.AppendAsync(Outcome(1), CancellationToken.None);
        var aside = _data.Combine("outcomes.jsonl.old");
        File.Move(LogPath, aside);
        var third = await sut.AppendAsync(Outcome(3), CancellationToken.None);
        File.Move(LogPath, aside + "2");
        // Another process starts a log of its own at the path.
        _data.Write(OutcomeRecorder.OutcomeLog, Line(8) + "\n");

        // The writer keeps the log open between batches: the handle it kept is a moved file's.
        var second = await sut.AppendAsync(Outcome(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(aside), Is.EqualTo(Line(1) + "\n"));
            Assert.That(third.LengthBefore, Is.Zero, "a log removed is started again");
            Assert.That(File.ReadAllText(aside + "2"), Is.EqualTo(Line(3) + "\n"));
            Assert.That(File.ReadAllText(LogPath), Is.EqualTo(Line(8) + "\n" + Line(2) + "\n"));
        });
    }

    [Test]
    public async Task ALogReplacedByADirectoryBetweenBatches_IsRefusedNamingIt_AndComesBackWhenTheFileDoes()
    {
        using var sut = new OutcomeLogWriter(LogPath);
        await sut.AppendAsync(Outcome(1), CancellationToken.None);
        File.Delete(LogPath);
        Directory.CreateDirectory(LogPath);

        var refused = Assert.ThrowsAsync<IOException>(() => sut.AppendAsync(Outcome(2), CancellationToken.None));
        Directory.Delete(LogPath);
        await sut.AppendAsync(Outcome(3), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("is a directory"));
            Assert.That(File.ReadAllText(LogPath), Is.EqualTo(Line(3) + "\n"));
        });
    }

    [Test]
    public void ADirectoryAtThePath_IsRefused_NotReadAsNoLogYet()
    {
        Directory.CreateDirectory(LogPath);
        var sut = new OutcomeLogWriter(LogPath);

        var read = Assert.Throws<StateFileException>(() => sut.ReadAll());
        var append = Assert.ThrowsAsync<IOException>(() => sut.AppendAsync(Outcome(1), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(read!.Message, Does.Contain("outcomes.jsonl is a directory, not a regular file"));
            Assert.That(append!.Message, Does.Contain("is a directory"));
        });
    }

    [Test]
    public async Task UnreadableLines_CountsWhatAWholeReadSkips_AndFollowsChanges()
    {
        _data.Write(OutcomeRecorder.OutcomeLog, Line(0) + "\nnot json\n" + Line(1) + "\n");
        var sut = new OutcomeLogWriter(LogPath);
        var before = sut.UnreadableLines();
        File.AppendAllText(LogPath, "{\"torn");
        var torn = sut.UnreadableLines();
        await sut.AppendAsync(Outcome(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(1));
            Assert.That(torn, Is.EqualTo(2));
            Assert.That(sut.UnreadableLines(), Is.EqualTo(1), "the torn line was set aside; the garbage line stays");
        });
    }

    [Test]
    public void ReadFrom_LeavesATornLastLineForLater_AndReadsAWholeOneWithoutItsNewline()
    {
        var path = _data.Write(OutcomeRecorder.OutcomeLog, Line(0) + "\n" + Line(1)[..25]);
        var torn = OutcomeLog.ReadFrom(path, 0)!;
        File.WriteAllText(path, Line(0) + "\n" + Line(1));
        var whole = OutcomeLog.ReadFrom(path, 0)!;
        var fromSecond = OutcomeLog.ReadFrom(path, Line(0).Length + 1)!;

        Assert.Multiple(() =>
        {
            Assert.That(torn.Outcomes, Has.Count.EqualTo(1));
            Assert.That(torn.End, Is.EqualTo(Line(0).Length + 1));
            Assert.That(torn.EndsMidLine, Is.False);
            Assert.That(whole.Outcomes, Has.Count.EqualTo(2));
            Assert.That(whole.EndsMidLine, Is.True);
            Assert.That(fromSecond.Outcomes.Select(o => o.TaskId), Is.EqualTo(new[] { "t-1" }));
            Assert.That(OutcomeLog.ReadFrom(path, 10_000), Is.Null, "past the end: read from the start again");
        });
    }

    [Test]
    public void ReadFrom_AfterAByteOrderMark_ReadsAsAWholeReadDoes()
    {
        var path = _data.Combine(OutcomeRecorder.OutcomeLog);
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Line(0) + "\n" + Line(1) + "\n")]);

        Assert.That(OutcomeLog.ReadFrom(path, 0)!.Outcomes, Is.EqualTo(OutcomeLog.Read(path).Outcomes));
    }
}
