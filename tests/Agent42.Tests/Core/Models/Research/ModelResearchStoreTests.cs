using System.IO.Abstractions.TestingHelpers;
using System.Text.Json;
using Agent42.Core.Models.Research;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Research;

/// <summary><c>model_research.json</c>'s rules on a mock file system; the one real-directory test checks what the disk holds after a save.</summary>
public sealed class ModelResearchStoreTests
{
    private static readonly string FilePath = MockFiles.Data + "/" + ModelResearchStore.FileName;

    private readonly FakeTimeProvider _time = new(ResearchTestModels.Date);
    private readonly TestLogger<ModelResearchStore> _logger = new();
    private readonly MockFileSystem _fs;

    public ModelResearchStoreTests() => _fs = MockFiles.On(_time);

    private ModelResearchStore CreateSut() => new(MockFiles.Data, _time, _logger, _fs);

    private static ModelResearchFile Sample() => ResearchAggregator.Build(
        [
            new ResearchScore("openai/gpt-oss-120b", Capabilities.Coding, 0.71, "lmarena", ResearchTestModels.Date),
            new ResearchScore("openai/gpt-oss-120b", Capabilities.Coding, 0.61, "artificial_analysis", ResearchTestModels.Date),
        ],
        [new UnmatchedName("lmarena", "mystery-model")],
        ResearchTestModels.Date);

    [Test]
    public void Save_ThenLoad_GivesTheScoresBack()
    {
        var sut = CreateSut();
        sut.Save(Sample());

        var loaded = sut.Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded.LastResearch, Is.EqualTo(ResearchTestModels.Date));
            Assert.That(loaded.Scores["openai/gpt-oss-120b"]["coding"].Score, Is.EqualTo(0.66).Within(1e-9));
            Assert.That(loaded.Scores["openai/gpt-oss-120b"]["coding"].Source, Is.EqualTo("artificial_analysis+lmarena"));
            Assert.That(loaded.Unmatched, Is.EqualTo(new[] { new UnmatchedName("lmarena", "mystery-model") }));
            Assert.That(new ResearchPriors(loaded).Prior("openai/gpt-oss-120b:free", "coding"), Is.EqualTo(0.66).Within(1e-9));
        });
    }

    [Test]
    public void Save_NestsScoresUnderScoresWithTheDocumentedShape()
    {
        CreateSut().Save(Sample());

        var root = JsonDocument.Parse(_fs.File.ReadAllText(FilePath)).RootElement;
        var coding = root.GetProperty("scores").GetProperty("openai/gpt-oss-120b").GetProperty("coding");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schema_version").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("last_research").GetDateTimeOffset(), Is.EqualTo(ResearchTestModels.Date));
            Assert.That(root.TryGetProperty("openai/gpt-oss-120b", out _), Is.False, "scores are not top-level");
            Assert.That(coding.GetProperty("score").GetDouble(), Is.EqualTo(0.66).Within(1e-9));
            Assert.That(coding.GetProperty("source").GetString(), Is.EqualTo("artificial_analysis+lmarena"));
            Assert.That(coding.GetProperty("date").GetDateTimeOffset(), Is.EqualTo(ResearchTestModels.Date));
            Assert.That(root.GetProperty("unmatched")[0].GetProperty("name").GetString(), Is.EqualTo("mystery-model"));
        });
    }

    [Test]
    public void Save_OnARealDirectory_LeavesOnlyTheFileAndItsLock()
    {
        using var data = new TempDirectory();

        new ModelResearchStore(data.Path, _time, _logger).Save(Sample());

        Assert.That(Directory.GetFiles(data.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { ModelResearchStore.FileName, ModelResearchStore.FileName + ".lock" }),
            "no temp file left behind, only the file and its lock");
    }

    [TestCase("{ not json")]
    [TestCase("{\"schema_version\":1,\"scores\":{\"a/b\":{\"coding\":{\"score\":7,\"source\":\"x\",\"date\":\"2026-05-01T00:00:00Z\"}}}}")]
    [TestCase("{\"schema_version\":99,\"scores\":{}}")]
    public void Load_OfACorruptFile_KeepsItAsideWarnsAndStartsEmpty(string content)
    {
        _fs.AddFile(FilePath, new MockFileData(content));

        var loaded = CreateSut().Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Scores, Is.Empty);
            Assert.That(_fs.File.Exists(FilePath), Is.False);
            Assert.That(_fs.File.ReadAllText($"{FilePath}.corrupt-{ResearchTestModels.Date.UtcDateTime:yyyyMMddTHHmmssfff}"), Is.EqualTo(content));
            Assert.That(_logger.Messages(LogLevel.Warning).Single(), Does.Contain("could not be read"));
        });
    }

    [Test]
    public void Load_WithNoFile_IsEmpty() => Assert.That(CreateSut().Load().LastResearch, Is.Null);

    [Test]
    public void AFileWithoutUnmatched_LoadsAndUpdatesWithAnEmptyList_NotNull()
    {
        _fs.AddFile(FilePath, new MockFileData("{\"schema_version\":1,\"scores\":{}}"));

        var loaded = CreateSut().Load();
        var updated = CreateSut().Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("lmarena", "x")] });

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Unmatched, Is.Empty);
            Assert.That(updated.Unmatched, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Update_FoldsIntoWhatAnotherResearchRunWrote()
    {
        var mine = CreateSut();
        CreateSut().Update(f => f with { Unmatched = [new UnmatchedName("lmarena", "theirs")] });

        var written = mine.Update(f => f with { Unmatched = [.. f.Unmatched, new UnmatchedName("lmarena", "mine")] });

        Assert.That(written.Unmatched.Select(u => u.Name), Is.EqualTo(new[] { "theirs", "mine" }));
    }
}
