using System.Text.Json;
using Agent42.Core.Models.Research;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Research;

public sealed class ModelResearchStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(ResearchTestModels.Date);
    private readonly TestLogger<ModelResearchStore> _logger = new();

    public void Dispose() => _data.Dispose();

    private ModelResearchStore CreateSut() => new(_data.Path, _time, _logger);

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

        var root = JsonDocument.Parse(File.ReadAllText(_data.Combine(ModelResearchStore.FileName))).RootElement;
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
            Assert.That(Directory.GetFiles(_data.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { ModelResearchStore.FileName, ModelResearchStore.FileName + ".lock" }),
                "no temp file left behind, only the file and its lock");
        });
    }

    [TestCase("{ not json")]
    [TestCase("{\"schema_version\":1,\"scores\":{\"a/b\":{\"coding\":{\"score\":7,\"source\":\"x\",\"date\":\"2026-05-01T00:00:00Z\"}}}}")]
    [TestCase("{\"schema_version\":99,\"scores\":{}}")]
    public void Load_OfACorruptFile_KeepsItAsideWarnsAndStartsEmpty(string content)
    {
        _data.Write(ModelResearchStore.FileName, content);

        var loaded = CreateSut().Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Scores, Is.Empty);
            Assert.That(File.Exists(_data.Combine(ModelResearchStore.FileName)), Is.False);
            Assert.That(Directory.GetFiles(_data.Path, "model_research.json.corrupt-*"), Has.Length.EqualTo(1));
            Assert.That(_logger.Messages(LogLevel.Warning).Single(), Does.Contain("could not be read"));
        });
    }

    [Test]
    public void Load_WithNoFile_IsEmpty() => Assert.That(CreateSut().Load().LastResearch, Is.Null);
}
