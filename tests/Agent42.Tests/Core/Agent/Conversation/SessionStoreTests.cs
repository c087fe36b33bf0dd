using System.IO.Abstractions.TestingHelpers;
using Agent42.Core.Agent.Conversation;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Agent.Conversation;

/// <summary>
/// The session store's own logic on a mock file system: id rules, the turn cap, the answer cut, merging under the
/// lock, a corrupt session never written over. What the OS does (FIFOs, locks across processes) is in <see cref="SessionStoreOsTests"/>.
/// </summary>
public sealed class SessionStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly MockFileSystem _fs;

    public SessionStoreTests() => _fs = MockFiles.On(_time);

    private SessionStore CreateSut() => new(MockFiles.Data + "/sessions", _time, _fs);

    private ConversationTurn Turn(string id, string answer = "an answer", string task = "a task") =>
        new(id, task, TaskType.Research, answer, "or-free-a", _time.GetUtcNow());

    [Test]
    public async Task ASavedTurn_ReadsBackTheSame_EvenWithJsonNewlinesQuotesAndControlCharacters()
    {
        var sut = CreateSut();
        var answer = "{\"files\": [\"a.txt\", \"b \\\"q\\\".md\"]}\nline 2\r\n\ttab \u0000 nul \u001b[31m escape \u2028 sep 😀 end\"";
        var session = sut.Start();

        var saved = await sut.AppendAsync(session, Turn("t-1", answer, "list \"the\" files\n{json}"));
        var read = sut.Read(session.Id);

        Assert.Multiple(() =>
        {
            Assert.That(read.Problem, Is.Null);
            Assert.That(read.Session!.Turns.Single(), Is.EqualTo(saved.Session.Turns.Single()));
            Assert.That(read.Session.Turns.Single().Answer, Is.EqualTo(answer));
            Assert.That(read.Session.Turns.Single().Task, Is.EqualTo("list \"the\" files\n{json}"));
            Assert.That(read.Session.Started, Is.EqualTo(session.Started));
        });
    }

    [Test]
    public void ANewSession_IsNotWritten_UntilItHasATurn()
    {
        var sut = CreateSut();

        var session = sut.Start();

        Assert.Multiple(() =>
        {
            Assert.That(sut.Read(session.Id), Is.EqualTo(SessionRead.Absent));
            Assert.That(sut.List().Sessions, Is.Empty);
        });
    }

    [Test]
    public async Task TheLastSession_IsTheOneUpdatedLast_NotTheOneStartedLast()
    {
        var sut = CreateSut();
        var older = sut.Start();
        _time.Advance(TimeSpan.FromMinutes(1));
        var newer = sut.Start();
        await sut.AppendAsync(newer, Turn("t-1"));
        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.AppendAsync(older, Turn("t-2"));

        var (sessions, problems) = sut.List();

        Assert.Multiple(() =>
        {
            Assert.That(sessions.Select(s => s.Id), Is.EqualTo(new[] { older.Id, newer.Id }));
            Assert.That(problems, Is.Empty);
        });
    }

    [TestCase("{\"id\": \"x\", \"started\": ")]
    [TestCase("not json at all")]
    [TestCase("[1, 2, 3]")]
    [TestCase("null")]
    [TestCase("")]
    [TestCase("{\"id\":\"ID\",\"started\":\"2026-12-01T10:00:00+00:00\",\"updated\":\"2026-12-01T10:00:00+00:00\",\"turns\":[{\"task_id\":\"t\",\"task\":\"x\",\"type\":\"research\",\"model_key\":\"m\",\"at\":\"2026-12-01T10:00:00+00:00\"}]}")]
    [TestCase("{\"id\":\"ID\",\"started\":\"2026-12-01T10:00:00+00:00\",\"updated\":\"2026-12-01T10:00:00+00:00\",\"turns\":[null]}")]
    [TestCase("{\"id\":\"ID\",\"started\":\"2026-12-01T10:00:00+00:00\",\"updated\":\"2026-12-01T10:00:00+00:00\",\"turns\":[{\"task_id\":\"t\",\"task\":\"x\",\"type\":\"bogus\",\"answer\":\"a\",\"model_key\":\"m\",\"at\":\"2026-12-01T10:00:00+00:00\"}]}")]
    [TestCase("{\"id\":\"another\",\"started\":\"2026-12-01T10:00:00+00:00\",\"updated\":\"2026-12-01T10:00:00+00:00\",\"turns\":[]}")]
    public async Task AnUnreadableSessionFile_IsWarnedAboutByName_KeptAsItIs_AndTheOthersStillLoad(string content)
    {
        var sut = CreateSut();
        var good = sut.Start();
        await sut.AppendAsync(good, Turn("t-1"));
        var bad = sut.Start();
        var badPath = sut.PathOf(bad.Id);
        _fs.File.WriteAllText(badPath, content.Replace("ID", bad.Id, StringComparison.Ordinal));
        var before = _fs.File.ReadAllBytes(badPath);

        var (sessions, problems) = sut.List();
        var read = sut.Read(bad.Id);

        Assert.Multiple(() =>
        {
            Assert.That(sessions.Select(s => s.Id), Is.EqualTo(new[] { good.Id }));
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain(badPath).And.Contain("cannot be used"));
            Assert.That(read.Session, Is.Null, "never loaded as empty");
            Assert.That(read.Problem, Does.Contain(badPath));
            Assert.That(_fs.File.ReadAllBytes(badPath), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task ATurnForASessionWhoseFileWasCorrupted_GoesOnInANewSessionBesideIt_AndTheBadFileIsNotWrittenOver()
    {
        var sut = CreateSut();
        var session = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;
        var path = sut.PathOf(session.Id);
        _fs.File.WriteAllText(path, "{\"id\": trunc");

        var appended = await sut.AppendAsync(session, Turn("t-2"));

        Assert.Multiple(() =>
        {
            Assert.That(_fs.File.ReadAllText(path), Is.EqualTo("{\"id\": trunc"));
            Assert.That(appended.Session.Id, Is.Not.EqualTo(session.Id));
            Assert.That(appended.Session.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-1", "t-2" }), "nothing of the conversation is lost");
            Assert.That(appended.Warning, Does.Contain(path).And.Contain($"goes on as session {appended.Session.Id}"));
            Assert.That(sut.Read(appended.Session.Id).Session!.Turns, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task TwoWritersOfOneSession_BothKeepTheirTurns()
    {
        // Two shells that resumed the same session: each holds the copy it loaded, neither knows of the other's turn.
        var sut = CreateSut();
        var loaded = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;

        var first = await sut.AppendAsync(loaded, Turn("t-a"));
        var second = await sut.AppendAsync(loaded, Turn("t-b"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Session.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-1", "t-a" }));
            Assert.That(sut.Read(loaded.Id).Session!.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-1", "t-a", "t-b" }));
            Assert.That(second.Session.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-1", "t-a", "t-b" }));
        });
    }

    [Test]
    public async Task ASessionKeepsItsLastTurnsOnly_AndCutsAHugeAnswer()
    {
        var sut = CreateSut();
        var session = sut.Start();
        for (var i = 1; i <= SessionStore.MaxTurns + 5; i++)
        {
            session = (await sut.AppendAsync(session, Turn($"t-{i}"))).Session;
        }

        session = (await sut.AppendAsync(session, Turn("t-huge", new string('h', SessionStore.MaxAnswerChars * 3)))).Session;
        var read = sut.Read(session.Id).Session!;

        Assert.Multiple(() =>
        {
            Assert.That(read.Turns, Has.Count.EqualTo(SessionStore.MaxTurns));
            Assert.That(read.Turns[^1].TaskId, Is.EqualTo("t-huge"));
            Assert.That(read.Turns[^1].Answer.Length, Is.LessThanOrEqualTo(SessionStore.MaxAnswerChars));
            Assert.That(read.Turns[0].TaskId, Is.EqualTo("t-7"), "the oldest go first");
        });
    }

    [Test]
    public async Task ADirectoryWhereASessionFileGoes_IsNamed_AndTheOthersStillLoad()
    {
        var sut = CreateSut();
        var good = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;
        var directory = sut.PathOf("20261201-000000-aaaaaa");
        _fs.AddDirectory(directory);

        var (sessions, problems) = sut.List();

        Assert.Multiple(() =>
        {
            Assert.That(sessions.Select(s => s.Id), Is.EqualTo(new[] { good.Id }));
            Assert.That(sut.Read("20261201-000000-aaaaaa").Problem, Does.Contain(directory).And.Contain("is a directory"));
            Assert.That(_fs.Directory.Exists(directory), Is.True);
        });
    }

    [Test]
    public async Task AFileLargerThanTheCap_IsRefusedUnread_AndLeftAsItIs()
    {
        var sut = CreateSut();
        var session = sut.Start();
        var path = sut.PathOf(session.Id);
        _fs.AddFile(path, new MockFileData(new byte[SessionStore.MaxFileBytes + 1]));

        var read = sut.Read(session.Id);
        var appended = await sut.AppendAsync(session, Turn("t-1"));

        Assert.Multiple(() =>
        {
            Assert.That(read.Session, Is.Null);
            Assert.That(read.Problem, Does.Contain("larger than 64 MiB"));
            Assert.That(_fs.FileInfo.New(path).Length, Is.EqualTo(SessionStore.MaxFileBytes + 1), "never written over");
            Assert.That(appended.Session.Id, Is.Not.EqualTo(session.Id));
        });
    }

    [Test]
    public async Task ATurnSavedTwice_IsKeptOnce()
    {
        var sut = CreateSut();
        var session = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;

        var again = await sut.AppendAsync(session, Turn("t-1", "a retried save"));

        Assert.Multiple(() =>
        {
            Assert.That(again.Session.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-1" }));
            Assert.That(sut.Read(session.Id).Session!.Turns.Single().Answer, Is.EqualTo("an answer"));
        });
    }

    [Test]
    public async Task ManyWritersOfOneSessionInThisProcess_AllKeepTheirTurns()
    {
        var sut = CreateSut();
        var loaded = (await sut.AppendAsync(sut.Start(), Turn("t-0"))).Session;

        await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() => sut.AppendAsync(loaded, Turn($"t-{i}")))));

        Assert.That(sut.Read(loaded.Id).Session!.Turns.Select(t => t.TaskId),
            Is.EquivalentTo(Enumerable.Range(0, 13).Select(i => $"t-{i}")));
    }

    [TestCase("../../etc/passwd")]
    [TestCase("/tmp/x")]
    [TestCase("a/b")]
    [TestCase("")]
    [TestCase("-rf")]
    public void AnIdThatIsNotOne_IsRefused_AndReachesNoPath(string id)
    {
        var read = CreateSut().Read(id);

        Assert.Multiple(() =>
        {
            Assert.That(read.Session, Is.Null);
            Assert.That(read.Problem, Does.Contain("is not a session id"));
        });
    }

    [Test]
    public void NoSessionsFolder_ListsNothing()
    {
        Assert.That(CreateSut().List().Sessions, Is.Empty);
    }

    [Test]
    public async Task AnAnswerWithALoneSurrogate_IsSaved_NotThrownOn()
    {
        var sut = CreateSut();
        var session = sut.Start();

        await sut.AppendAsync(session, Turn("t-1", "broken \ud800 half, and \udc00 the other"));

        Assert.That(sut.Read(session.Id).Session!.Turns.Single().Answer, Does.StartWith("broken ").And.EndWith(" the other"));
    }
}
