using Agent42.Core.Agent.Conversation;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Agent.Conversation;

/// <summary>The session files on a real temp directory, where what is at a path is the OS's: FIFOs, directories, atomic renames.</summary>
public sealed class SessionStoreOsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    private SessionStore CreateSut() => new(_temp.Combine("sessions"), _time);

    private ConversationTurn Turn(string id, string answer = "an answer", string task = "a task") =>
        new(id, task, TaskType.Research, answer, "or-free-a", _time.GetUtcNow());

    [Test]
    public async Task ADirectoryOrFifoWhereASessionFileGoes_IsNamed_NotReadOrBlockedOn()
    {
        var sut = CreateSut();
        var good = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;
        Directory.CreateDirectory(sut.PathOf("20261201-000000-aaaaaa"));
        var fifo = sut.PathOf("20261201-000000-bbbbbb");
        Posix.MakeFifo(fifo);

        var (sessions, problems) = sut.List();

        Assert.Multiple(() =>
        {
            Assert.That(sessions.Select(s => s.Id), Is.EqualTo(new[] { good.Id }));
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain(fifo));
        });
    }

    [Test]
    public async Task ASavedSession_IsTheOnlyFileBesideItsLock_NoTempLeft()
    {
        var sut = CreateSut();
        var session = (await sut.AppendAsync(sut.Start(), Turn("t-1"))).Session;

        Assert.That(Directory.GetFiles(_temp.Combine("sessions")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { session.Id + ".json", session.Id + ".json.lock" }));
    }
}
