using System.Text;
using Agent42.Core.Outcomes;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Outcomes;

/// <summary>The repair before each batch, on its own: what it reads and allocates on a sound log, and that a torn one is still cut.</summary>
public sealed class TornTailTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _data.Dispose();

    private string Log(string content)
    {
        var path = _data.Combine("outcomes.jsonl");
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public void ALongLogEndingInANewline_IsLeftAsItIs_WithoutReadingAChunkOfIt()
    {
        var path = Log(string.Concat(Enumerable.Repeat(new string('x', 399) + "\n", 500)));
        using var log = OutcomeLogFile.OpenAppend(path);
        TornTail.Repair(log, path, _time);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (length, needsNewline) = TornTail.Repair(log, path, _time);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That((length, needsNewline), Is.EqualTo((200_000L, false)));
            Assert.That(allocated, Is.LessThan(1024), "a 64 KiB buffer per batch was most of what an append allocated");
        });
    }

    [Test]
    public void ALogEndingInAFragmentLongerThanAChunk_IsStillCutAtItsLastNewline()
    {
        var fragment = new string('y', 100_000);
        var path = Log("{\"not\": \"an outcome\"}\n" + fragment);
        using var log = OutcomeLogFile.OpenAppend(path);

        var (length, needsNewline) = TornTail.Repair(log, path, _time);

        Assert.Multiple(() =>
        {
            Assert.That((length, needsNewline), Is.EqualTo(((long)Encoding.UTF8.GetByteCount("{\"not\": \"an outcome\"}\n"), false)));
            Assert.That(File.ReadAllText(path + TornTail.Suffix), Does.Contain(fragment));
        });
    }
}
