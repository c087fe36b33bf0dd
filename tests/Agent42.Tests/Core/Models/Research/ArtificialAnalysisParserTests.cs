using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class ArtificialAnalysisParserTests
{
    public const string Answer = """
        {"status":200,"data":[
          {"id":"1","slug":"gpt-oss-120b","name":"gpt-oss-120B (high)","model_creator":{"slug":"openai"},
           "evaluations":{"artificial_analysis_intelligence_index":61.3,"artificial_analysis_coding_index":49.6,"artificial_analysis_math_index":93.4}},
          {"slug":"llama-3-3-instruct-70b","name":"Llama 3.3 Instruct 70B","model_creator":{"slug":"meta"},
           "evaluations":{"artificial_analysis_intelligence_index":27.9,"artificial_analysis_coding_index":null}},
          {"slug":"o9-ultra","name":"o9 Ultra","evaluations":{"artificial_analysis_intelligence_index":99}},
          {"slug":"no-evals","name":"No evals"}
        ]}
        """;

    [Test]
    public void Parse_OfTheApiAnswer_MapsIndexesAndMatchesSlugsThroughAliases()
    {
        var result = ArtificialAnalysisParser.Parse(Answer, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        var scores = result.Scores.ToDictionary(s => (s.ModelId, s.Capability), s => s.Score);
        Assert.Multiple(() =>
        {
            Assert.That(scores[("openai/gpt-oss-120b", Capabilities.Coding)], Is.EqualTo(0.496).Within(1e-9));
            Assert.That(scores[("openai/gpt-oss-120b", Capabilities.General)], Is.EqualTo(0.613).Within(1e-9));
            Assert.That(scores[("openai/gpt-oss-120b", Capabilities.Reasoning)], Is.EqualTo((0.613 + 0.934) / 2).Within(1e-9));
            Assert.That(scores[("meta-llama/llama-3.3-70b-instruct", Capabilities.General)], Is.EqualTo(0.279).Within(1e-9));
            Assert.That(scores.ContainsKey(("meta-llama/llama-3.3-70b-instruct", Capabilities.Coding)), Is.False);
            Assert.That(result.Unmatched, Is.EqualTo(new[] { "o9-ultra" }));
        });
    }

    [TestCase("not json")]
    [TestCase("{\"error\":\"Invalid API key\"}")]
    public void Parse_OfGarbage_GivesAProblemAndNoScores(string body)
    {
        var result = ArtificialAnalysisParser.Parse(body, ResearchTestModels.Matcher(), ResearchTestModels.Date);

        Assert.That((result.Scores.Count, result.Problems.Count), Is.EqualTo((0, 1)));
    }
}
