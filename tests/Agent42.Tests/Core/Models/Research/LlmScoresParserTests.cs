using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class LlmScoresParserTests
{
    private static SourceParseResult Parse(string answer) =>
        LlmScoresParser.Parse(answer, "llm:test", ResearchTestModels.Matcher(), ResearchTestModels.Date);

    [Test]
    public void Parse_OfAFencedArrayInProse_ReadsAndValidatesIt()
    {
        var result = Parse("""
            Here are the scores [as requested]:
            ```json
            [{"model":"gpt-oss-120b","coding":0.8,"reasoning":0.75,"writing":"good","general":null},
             {"model":"unknown-model","coding":0.5},
             {"coding":0.9}]
            ```
            """);

        Assert.Multiple(() =>
        {
            Assert.That(result.Scores.Select(s => (s.ModelId, s.Capability, s.Score, s.Source)), Is.EquivalentTo(new[]
            {
                ("openai/gpt-oss-120b", Capabilities.Coding, 0.8, "llm:test"),
                ("openai/gpt-oss-120b", Capabilities.Reasoning, 0.75, "llm:test"),
            }));
            Assert.That(result.Unmatched, Is.EqualTo(new[] { "unknown-model" }));
            Assert.That(result.Problems.Single(), Does.Contain("2 entries or values"));
        });
    }

    [Test]
    public void Parse_OfPercentScores_DividesByAHundredAndClamps()
    {
        var result = Parse("""[{"model":"gpt-oss-20b","coding":85,"general":120,"reasoning":-3}]""");

        Assert.That(result.Scores.Select(s => (s.Capability, s.Score)), Is.EquivalentTo(new[]
        {
            (Capabilities.Coding, 0.85), (Capabilities.General, 1.0), (Capabilities.Reasoning, 0.0),
        }));
    }

    [TestCase("I could not find any leaderboard on this page.")]
    [TestCase("[1, 2, 3]")]
    [TestCase("```json\n[{\"model\": \"x\", \n```")]
    [TestCase("")]
    public void Parse_OfAnAnswerWithNoArrayOfScores_GivesNoScoresAndAProblem(string answer)
    {
        var result = Parse(answer);

        Assert.Multiple(() =>
        {
            Assert.That(result.Scores, Is.Empty);
            Assert.That(result.Problems.Single(), Does.Contain("no JSON array"));
        });
    }
}
