using System.IO.Abstractions.TestingHelpers;
using Agent42.Core.Models.Research;
using Agent42.Core.Storage;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Storage;

/// <summary>
/// A JSON state file's own logic on a mock file system: merge, validation, quarantine on the fake clock, the empty
/// state, exclusion of writers in this process. Locks across processes, FIFOs and renames are in <see cref="JsonStateFileTests"/>.
/// </summary>
[TestFixture]
internal sealed class JsonStateFileOnMockTests
{
    private const string Path = MockFiles.Data + "/model_research.json";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 8, 7, 6, TimeSpan.Zero));
    private readonly TestLogger<JsonStateFileOnMockTests> _logger = new();
    private MockFileSystem _fs = null!;

    [SetUp]
    public void SetUp() => _fs = MockFiles.On(_time);

    private JsonStateFile<ModelResearchFile> CreateSut(Func<ModelResearchFile, string?>? validate = null) => new(
        _fs, Path, "the model research", ModelResearchJsonContext.Default.ModelResearchFile, validate ?? (_ => null), ModelResearchFile.Empty,
        _time, _logger);

    [Test]
    public void NoFile_GivesTheEmptyState_AndWritesNothing()
    {
        var loaded = CreateSut().Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.SameAs(ModelResearchFile.Empty));
            Assert.That(_fs.AllFiles, Is.Empty);
        });
    }

    [Test]
    public void Update_MergesIntoWhatAnotherWriterPutThere_NotIntoAnEarlierRead()
    {
        var mine = CreateSut();
        var theirs = CreateSut();
        var stale = mine.Load();

        theirs.Update(f => f with { Unmatched = [new UnmatchedName("theirs", "a")] });
        var written = mine.Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("mine", "b")] });

        Assert.Multiple(() =>
        {
            Assert.That(stale.Unmatched, Is.Empty);
            Assert.That(written.Unmatched.Select(u => u.Source), Is.EqualTo(new[] { "theirs", "mine" }));
            Assert.That(CreateSut().Load().Unmatched.Select(u => u.Source), Is.EqualTo(new[] { "theirs", "mine" }));
        });
    }

    [Test]
    public void Save_LeavesTheFileAlone_NoTempBesideIt()
    {
        CreateSut().Save(ModelResearchFile.Empty with { Unmatched = [new UnmatchedName("s", "n")] });

        Assert.That(_fs.AllFiles, Is.EqualTo(new[] { Path }));
    }

    [Test]
    public void Update_WhenTheChangeThrows_LeavesTheFileAsItWas()
    {
        var sut = CreateSut();
        sut.Save(ModelResearchFile.Empty with { Unmatched = [new UnmatchedName("s", "n")] });
        var before = _fs.File.ReadAllBytes(Path);

        Assert.That(() => sut.Update(_ => throw new InvalidOperationException("a merge that fails")), Throws.InvalidOperationException);
        Assert.Multiple(() =>
        {
            Assert.That(_fs.File.ReadAllBytes(Path), Is.EqualTo(before));
            Assert.That(_fs.AllFiles, Is.EqualTo(new[] { Path }));
            Assert.That(() => sut.Update(f => f), Throws.Nothing, "the lock was let go");
        });
    }

    [TestCase("{ nope")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[1, 2]")]
    public void AnUnreadableFile_IsKeptAsCorruptAtTheFakeClocksTime_AndTheEmptyStateUsed(string content)
    {
        _fs.AddFile(Path, new MockFileData(content));

        var loaded = CreateSut().Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.SameAs(ModelResearchFile.Empty));
            Assert.That(_fs.File.Exists(Path), Is.False);
            Assert.That(_fs.File.ReadAllText(Path + ".corrupt-20261201T090807006"), Is.EqualTo(content));
            Assert.That(_logger.Messages(LogLevel.Warning).Single(), Does.Contain(Path).And.Contain(".corrupt-20261201T090807006"));
        });
    }

    [Test]
    public void AFileTheValidatorRejects_IsKeptAside_WithTheValidatorsWords()
    {
        CreateSut().Save(ModelResearchFile.Empty with { Unmatched = [new UnmatchedName("s", "n")] });

        var loaded = CreateSut(f => f.Unmatched.Count > 0 ? "it names an unmatched model" : null).Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.SameAs(ModelResearchFile.Empty));
            Assert.That(_fs.File.Exists(Path + ".corrupt-20261201T090807006"), Is.True);
            Assert.That(_logger.Messages(LogLevel.Warning).Single(), Does.Contain("it names an unmatched model"));
        });
    }

    [Test]
    public void Update_OverAnUnreadableFile_KeepsItAside_ThenWritesTheChangeOnTheEmptyState()
    {
        _fs.AddFile(Path, new MockFileData("{ trunc"));

        var written = CreateSut().Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("s", "n")] });

        Assert.Multiple(() =>
        {
            Assert.That(written.Unmatched, Has.Count.EqualTo(1));
            Assert.That(_fs.File.ReadAllText(Path + ".corrupt-20261201T090807006"), Is.EqualTo("{ trunc"), "what may be recovered survives");
            Assert.That(CreateSut().Load().Unmatched, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void TwoFilesSetAsideAtDifferentTimes_AreBothKept()
    {
        _fs.AddFile(Path, new MockFileData("{ first"));
        CreateSut().Load();
        _time.Advance(TimeSpan.FromSeconds(1));
        _fs.AddFile(Path, new MockFileData("{ second"));
        CreateSut().Load();

        Assert.That(_fs.Directory.GetFiles(MockFiles.Data, "model_research.json.corrupt-*").Order(StringComparer.Ordinal).Select(_fs.File.ReadAllText),
            Is.EqualTo(new[] { "{ first", "{ second" }));
    }

    [Test]
    public void ADirectoryAtThePath_IsRefusedByName_OnReadAndOnWrite_AndLeftThere()
    {
        _fs.AddDirectory(Path);
        var sut = CreateSut();

        Assert.Multiple(() =>
        {
            Assert.That(() => sut.Load(), Throws.TypeOf<StateFileException>().With.Message.Contains("is a directory").And.Message.Contains("the model research"));
            Assert.That(() => sut.Save(ModelResearchFile.Empty), Throws.TypeOf<StateFileException>());
            Assert.That(_fs.Directory.Exists(Path), Is.True);
        });
    }

    [Test]
    public async Task ConcurrentUpdatesInThisProcess_EachLand_NoneWritesFromAStaleCopy()
    {
        // The mock lives in this process, so the in-process lock is all there is to exclude a writer: without it these
        // read-merge-writes would interleave and lose entries.
        const int Writers = 16;
        var start = new Barrier(Writers);
        var writers = Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
        {
            var sut = CreateSut();
            start.SignalAndWait();
            sut.Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("w", $"n{i}")] });
        }));

        await Task.WhenAll(writers);

        Assert.That(CreateSut().Load().Unmatched.Select(u => u.Name), Is.EquivalentTo(Enumerable.Range(0, Writers).Select(i => $"n{i}")));
    }
}
