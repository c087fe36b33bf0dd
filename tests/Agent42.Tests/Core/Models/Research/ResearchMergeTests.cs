using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

/// <summary>A research run folds into the file on disk by source and model, taking away nothing it did not refresh.</summary>
[TestFixture]
internal sealed class ResearchMergeTests
{
    private static readonly DateTimeOffset Before = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void ASourceThatFailedThisRun_KeepsItsScores_AndARefreshedPairIsReplaced()
    {
        var onDisk = ResearchAggregator.Build(
        [
            new ResearchScore("acme/a", "coding", 0.2, "lmarena", Before),
            new ResearchScore("acme/a", "coding", 0.8, "artificial_analysis", Before),
            new ResearchScore("acme/b", "coding", 0.5, "lmarena", Before),
        ], [new UnmatchedName("lmarena", "old-name"), new UnmatchedName("artificial_analysis", "kept-name")], Before);

        var merged = ResearchMerge.Apply(onDisk, [new ResearchScore("acme/a", "coding", 0.6, "lmarena", Now)], [new UnmatchedName("lmarena", "new-name")], Now);

        var a = merged.Scores["acme/a"]["coding"];
        Assert.Multiple(() =>
        {
            Assert.That(a.Sources!.Select(s => (s.Source, s.Score)), Is.EqualTo(new[] { ("artificial_analysis", 0.8), ("lmarena", 0.6) }));
            Assert.That(a.Score, Is.EqualTo(0.7).Within(1e-9));
            Assert.That(merged.Scores["acme/b"]["coding"].Score, Is.EqualTo(0.5), "a model the source did not list this time keeps its score");
            Assert.That(merged.Unmatched.Select(u => u.Name), Is.EquivalentTo(new[] { "kept-name", "new-name" }));
            Assert.That(merged.LastResearch, Is.EqualTo(Now));
        });
    }

    [Test]
    public void ARunThatFoundNothing_LeavesEveryScore()
    {
        var onDisk = ResearchAggregator.Build([new ResearchScore("acme/a", "general", 0.4, "lmarena", Before)], [], Before);

        var merged = ResearchMerge.Apply(onDisk, [], [], Now);

        Assert.That(merged.Scores["acme/a"]["general"].Score, Is.EqualTo(0.4));
    }
}
