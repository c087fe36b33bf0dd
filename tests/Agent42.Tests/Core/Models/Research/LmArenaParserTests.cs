using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class LmArenaParserTests
{
    private const string Csv = """
        model_name,organization,rating,rating_lower,rating_upper,vote_count,rank,category,leaderboard_publish_date
        gpt-oss-120b,OpenAI,1300,1290,1310,5000,1,text,2026-04-20
        "gemma-3-27b-it","Google, Inc.",1200,1190,1210,4000,2,text,2026-04-20
        mystery-model-x,Nobody,1100,1090,1110,300,3,text,2026-04-20
        gpt-oss-120b,OpenAI,1250,1240,1260,900,1,coding,2026-04-20
        gemma-3-27b-it,Google,1150,1140,1160,800,2,coding,2026-04-20
        gpt-oss-120b,OpenAI,1000,990,1010,100,9,text,2026-01-01
        gemma-3-27b-it,Google,1190,1180,1200,700,1,vision,2026-04-20
        """;

    [Test]
    public void Parse_OfACsvTable_ScalesRatingsWithinEachCategoryOfTheLatestBoard()
    {
        var result = LmArenaParser.Parse(Csv, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        var scores = result.Scores.ToDictionary(s => (s.ModelId, s.Capability), s => s.Score);
        Assert.Multiple(() =>
        {
            Assert.That(scores[("openai/gpt-oss-120b", Capabilities.General)], Is.EqualTo(1.0));
            Assert.That(scores[("google/gemma-3-27b-it", Capabilities.General)], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(scores[("openai/gpt-oss-120b", Capabilities.Coding)], Is.EqualTo(1.0));
            Assert.That(scores[("google/gemma-3-27b-it", Capabilities.Coding)], Is.EqualTo(0.0));
            Assert.That(scores, Has.Count.EqualTo(4));
            Assert.That(result.Unmatched, Is.EqualTo(new[] { "mystery-model-x" }));
            Assert.That(result.Problems, Has.Some.Contains("vision"));
            Assert.That(result.Scores.All(s => s.Date == new DateTimeOffset(2026, 4, 20, 0, 0, 0, TimeSpan.Zero)), Is.True);
        });
    }

    [Test]
    public void Parse_OfJsonRowsWrappedAsDatasetRows_ReadsThemToo()
    {
        const string json = """
            {"rows":[
              {"row":{"model_name":"glm-4.5-air","rating":1400.5,"category":"creative_writing","leaderboard_publish_date":"2026-04-20"}},
              {"row":{"model_name":"llama-3.3-70b-instruct","rating":"1300.5","category":"creative_writing","leaderboard_publish_date":"2026-04-20"}},
              {"row":{"model_name":"gpt-oss-20b","rating":1350.5,"category":"math","leaderboard_publish_date":"2026-04-20"}},
              {"row":{"model_name":"gpt-oss-120b","rating":1450.5,"category":"math","leaderboard_publish_date":"2026-04-20"}}
            ]}
            """;

        var result = LmArenaParser.Parse(json, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.That(result.Scores.Select(s => (s.ModelId, s.Capability, s.Score)), Is.EquivalentTo(new[]
        {
            ("z-ai/glm-4.5-air", Capabilities.Writing, 1.0),
            ("meta-llama/llama-3.3-70b-instruct", Capabilities.Writing, 0.0),
            ("openai/gpt-oss-20b", Capabilities.Reasoning, 0.0),
            ("openai/gpt-oss-120b", Capabilities.Reasoning, 1.0),
        }));
    }

    [TestCase("")]
    [TestCase("[{\"broken\": ")]
    [TestCase("<html><body>Rate limited</body></html>")]
    [TestCase("{\"unexpected\":true}")]
    public void Parse_OfGarbage_GivesAProblemAndNoScores(string body)
    {
        var result = LmArenaParser.Parse(body, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.Multiple(() =>
        {
            Assert.That(result.Scores, Is.Empty);
            Assert.That(result.Problems, Is.Not.Empty);
        });
    }
}
