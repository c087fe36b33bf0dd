using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class ResearchAggregatorTests
{
    private static readonly DateTimeOffset Earlier = ResearchTestModels.Date.AddDays(-3);

    [Test]
    public void Build_AveragesEachSourceFirstThenTheSources()
    {
        var file = ResearchAggregator.Build(
            [
                new ResearchScore("a/m", Capabilities.General, 1.0, "lmarena", Earlier),
                new ResearchScore("a/m", Capabilities.General, 0.6, "lmarena", Earlier),
                new ResearchScore("a/m", Capabilities.General, 0.4, "artificial_analysis", ResearchTestModels.Date),
                new ResearchScore("a/m", Capabilities.Coding, 0.3, "artificial_analysis", ResearchTestModels.Date),
            ],
            [new UnmatchedName("lmarena", "x"), new UnmatchedName("lmarena", "x")],
            ResearchTestModels.Date);

        var general = file.Scores["a/m"][Capabilities.General];
        Assert.Multiple(() =>
        {
            Assert.That(general.Score, Is.EqualTo(0.6).Within(1e-9));
            Assert.That(general.Source, Is.EqualTo("artificial_analysis+lmarena"));
            Assert.That(general.Date, Is.EqualTo(ResearchTestModels.Date));
            Assert.That(general.Sources!.Select(s => (s.Source, s.Score)), Is.EqualTo(new[] { ("artificial_analysis", 0.4), ("lmarena", 0.8) }));
            Assert.That(file.Scores["a/m"][Capabilities.Coding].Score, Is.EqualTo(0.3));
            Assert.That(file.Unmatched, Has.Count.EqualTo(1));
            Assert.That(file.LastResearch, Is.EqualTo(ResearchTestModels.Date));
        });
    }
}
