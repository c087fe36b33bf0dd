using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>A set-aside state file is named, from the files alone, until a good file is written after it.</summary>
[TestFixture]
internal sealed class QuarantineCheckTests
{
    private static QuarantineCheck CreateSut(TempDirectory temp) =>
        new(temp.Combine("model_catalog.json"), "the model catalog", "every command uses the shipped snapshot instead", "agent42 models sync");

    [Test]
    public void NothingSetAside_IsSound()
    {
        using var temp = new TempDirectory();
        temp.Write("model_catalog.json", "{}");

        Assert.That(CreateSut(temp).Check(), Is.Empty);
    }

    [Test]
    public void AFileSetAsideWithNoLiveFile_IsNamedWithWhenWhatAndTheFix()
    {
        using var temp = new TempDirectory();
        temp.Write("model_catalog.json.corrupt-20261201T101112123", "{ bad");

        var problem = CreateSut(temp).Check().Single();

        Assert.Multiple(() =>
        {
            Assert.That(problem.Since, Is.EqualTo(new DateTimeOffset(2026, 12, 1, 10, 11, 12, 123, TimeSpan.Zero)));
            Assert.That(problem.ToString(), Is.EqualTo(
                $"warning: the model catalog could not be read and was kept as model_catalog.json.corrupt-20261201T101112123 ({temp.Combine("model_catalog.json")}, "
                + "since 2026-12-01 10:11 UTC); every command uses the shipped snapshot instead; fix: agent42 models sync"));
        });
    }

    [Test]
    public void ALiveFileOlderThanTheNewestSetAside_IsStillNamed_ANewerOneClearsIt()
    {
        using var temp = new TempDirectory();
        temp.Write("model_catalog.json.corrupt-20261201T101112123", "{ bad");
        temp.Write("model_catalog.json.corrupt-20261201T111112123", "{ worse");
        var live = temp.Write("model_catalog.json", "{}");
        File.SetLastWriteTimeUtc(live, new DateTime(2026, 12, 1, 11, 0, 0, DateTimeKind.Utc));

        var older = CreateSut(temp).Check().ToArray();
        File.SetLastWriteTimeUtc(live, new DateTime(2026, 12, 1, 11, 30, 0, DateTimeKind.Utc));
        var newer = CreateSut(temp).Check().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(older.Single().What, Does.EndWith("model_catalog.json.corrupt-20261201T111112123"));
            Assert.That(newer, Is.Empty);
        });
    }
}
