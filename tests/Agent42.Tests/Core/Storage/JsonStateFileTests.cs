using Agent42.Core.Models.Research;
using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>A shared JSON state file: updates merge into what is on disk, and odd paths are refused by name.</summary>
[TestFixture]
internal sealed class JsonStateFileTests
{
    private static JsonStateFile<ModelResearchFile> CreateSut(string path) => new(
        path, "the model research", ModelResearchJsonContext.Default.ModelResearchFile, _ => null, ModelResearchFile.Empty,
        TimeProvider.System, new TestLogger<JsonStateFileTests>());

    [Test]
    public void Update_StartsFromWhatAnotherWriterPutOnDisk_NotFromAnEarlierRead()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("model_research.json");
        var mine = CreateSut(path);
        var theirs = CreateSut(path);
        var stale = mine.Load();

        theirs.Update(f => f with { Unmatched = [new UnmatchedName("theirs", "a")] });
        var written = mine.Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("mine", "b")] });

        Assert.Multiple(() =>
        {
            Assert.That(stale.Unmatched, Is.Empty);
            Assert.That(written.Unmatched.Select(u => u.Source), Is.EqualTo(new[] { "theirs", "mine" }));
        });
    }

    [Test]
    public void ADirectoryAtThePath_IsRefusedByName_OnReadAndOnWrite()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("model_research.json");
        Directory.CreateDirectory(path);
        var sut = CreateSut(path);

        Assert.Multiple(() =>
        {
            Assert.That(() => sut.Load(), Throws.TypeOf<StateFileException>().With.Message.Contains("is a directory").And.Message.Contains("the model research"));
            Assert.That(() => sut.Save(ModelResearchFile.Empty), Throws.TypeOf<StateFileException>());
        });
    }

    [Test]
    public void AFifoAtThePath_IsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        var path = temp.Combine("model_research.json");
        Posix.MakeFifo(path);

        // Opened blocking, this read would wait for a writer for ever.
        Assert.That(() => CreateSut(path).Load(), Throws.TypeOf<StateFileException>().With.Message.Contains("a FIFO (named pipe)"));
    }

    [Test]
    public void AnUnreadableFile_IsSetAsideOnce_AndTheEmptyStateUsed()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("model_research.json", "{ nope");

        var loaded = CreateSut(path).Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.SameAs(ModelResearchFile.Empty));
            Assert.That(File.Exists(path), Is.False);
            Assert.That(Directory.GetFiles(temp.Path, "model_research.json.corrupt-*").Select(File.ReadAllText), Is.EqualTo(new[] { "{ nope" }));
        });
    }
}
