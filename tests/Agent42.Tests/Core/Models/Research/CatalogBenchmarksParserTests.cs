using System.Text.Json.Nodes;
using Agent42.Core.Models.Research;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Core.Models.Research;

public sealed class CatalogBenchmarksParserTests
{
    private static JsonObject WithIndexes(string id, JsonObject indexes)
    {
        var model = CatalogJson.Model(id);
        model["benchmarks"] = new JsonObject { ["artificial_analysis"] = indexes, ["design_arena"] = new JsonArray() };
        return model;
    }

    [Test]
    public void Parse_OfEmbeddedIndexes_ScalesAndMapsThem()
    {
        var json = CatalogJson.Catalog(
            WithIndexes("openai/gpt-oss-120b:free", new JsonObject { ["intelligence_index"] = 60, ["coding_index"] = 50.5, ["agentic_index"] = 40 }),
            CatalogJson.Model("google/gemma-3-27b-it"));

        var result = CatalogBenchmarksParser.Parse(json, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        var scores = result.Scores.ToDictionary(s => s.Capability, s => s.Score);
        Assert.Multiple(() =>
        {
            Assert.That(result.Scores.Select(s => s.ModelId).Distinct(), Is.EqualTo(new[] { "openai/gpt-oss-120b" }));
            Assert.That(scores[Capabilities.Coding], Is.EqualTo(0.505).Within(1e-9));
            Assert.That(scores[Capabilities.Reasoning], Is.EqualTo(0.60).Within(1e-9));
            Assert.That(scores[Capabilities.General], Is.EqualTo(0.50).Within(1e-9));
            Assert.That(scores.ContainsKey(Capabilities.Writing), Is.False);
            Assert.That(result.Scores.All(s => s.Source == "openrouter_catalog"), Is.True);
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public void Parse_ClampsOutOfRangeIndexesAndSkipsNonNumbers()
    {
        var json = CatalogJson.Catalog(WithIndexes("openai/gpt-oss-20b", new JsonObject { ["intelligence_index"] = 140, ["coding_index"] = "n/a" }));

        var result = CatalogBenchmarksParser.Parse(json, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.That(result.Scores.Select(s => (s.Capability, s.Score)), Is.EquivalentTo(new[] { (Capabilities.Reasoning, 1.0), (Capabilities.General, 1.0) }));
    }

    [Test]
    public void Parse_OfTheShippedSnapshotWithoutBenchmarks_FindsNothingAndSaysSo()
    {
        var result = CatalogBenchmarksParser.Parse(CatalogJson.Catalog(CatalogJson.Model("openai/gpt-oss-20b")), ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.Multiple(() =>
        {
            Assert.That(result.Scores, Is.Empty);
            Assert.That(result.Problems.Single(), Does.Contain("benchmarks.artificial_analysis"));
        });
    }

    [TestCase("<html>")]
    [TestCase("{\"error\":{}}")]
    public void Parse_OfGarbage_GivesAProblemAndNoScores(string body)
    {
        var result = CatalogBenchmarksParser.Parse(body, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.That((result.Scores.Count, result.Problems.Count), Is.EqualTo((0, 1)));
    }
}
