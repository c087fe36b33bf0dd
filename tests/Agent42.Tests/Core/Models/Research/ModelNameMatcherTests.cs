using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class ModelNameMatcherTests
{
    [Test]
    public void Snapshot_HasTheRealCatalog() => Assert.That(ResearchTestModels.Snapshot, Has.Count.EqualTo(371));

    [TestCase("meta-llama/llama-3.3-70b-instruct:free", "meta-llama/llama-3.3-70b-instruct")]
    [TestCase("Llama-3.3-70B-Instruct", "meta-llama/llama-3.3-70b-instruct")]
    [TestCase("gpt-oss-120b", "openai/gpt-oss-120b")]
    [TestCase("z-ai/glm-4.5-air", "z-ai/glm-4.5-air")]
    [TestCase("glm-4.5-air", "z-ai/glm-4.5-air")]
    [TestCase("someone-else/gemma-3-27b-it", "google/gemma-3-27b-it")]
    public void Match_OfANameThatNormalisesToAnId_FindsItsResearchKey(string name, string expected) =>
        Assert.That(ResearchTestModels.Matcher().Match(name), Is.EqualTo(expected));

    [TestCase("qwen3-coder-480b-a35b-07-25", "qwen/qwen3-coder")]
    [TestCase("minimax-m2.5-20260211", "minimax/minimax-m2.5")]
    [TestCase("claude-3.7-sonnet", "anthropic/claude-3.7-sonnet")]
    public void Match_OfACanonicalSlugOrAnId_FindsTheModel(string name, string expected) =>
        Assert.That(ResearchTestModels.Matcher().Match(name), Is.EqualTo(expected));

    [TestCase("llama-3-3-instruct-70b", "meta-llama/llama-3.3-70b-instruct")]
    [TestCase("gemma-3-27b", "google/gemma-3-27b-it")]
    public void Match_OfANameOnlyTheAliasTableKnows_FindsTheAliasTarget(string name, string expected) =>
        Assert.That(ResearchTestModels.Matcher().Match(name), Is.EqualTo(expected));

    [Test]
    public void Match_WithAnExtraAlias_UsesIt() =>
        Assert.That(ResearchTestModels.Matcher(new Dictionary<string, string> { ["Big Llama 70B"] = "meta-llama/llama-3.3-70b-instruct:free" }).Match("big llama 70b"),
            Is.EqualTo("meta-llama/llama-3.3-70b-instruct"));

    [Test]
    public void Match_OfAnAliasWhoseTargetIsNotInTheCatalog_FindsNothing() =>
        Assert.That(ResearchTestModels.Matcher(new Dictionary<string, string> { ["ghost"] = "nobody/ghost-1" }).Match("ghost"), Is.Null);

    [TestCase("llama-3.3")]
    [TestCase("gpt-oss")]
    [TestCase("gemma")]
    [TestCase("llama-3.3-70b-instruct-turbo")]
    [TestCase("")]
    public void Match_NeverMatchesBySubstring(string name) =>
        Assert.That(ResearchTestModels.Matcher().Match(name), Is.Null);

    [Test]
    public void Match_OfANameTwoModelsShare_FindsNothingAndNamesBoth()
    {
        var key = ResearchTestModels.Matcher().Match("claude-3-7-sonnet-20250219", out var candidates);

        Assert.Multiple(() =>
        {
            Assert.That(key, Is.Null);
            Assert.That(candidates, Is.EqualTo(new[] { "anthropic/claude-3.7-sonnet", "anthropic/claude-3.7-sonnet:thinking" }));
        });
    }

    [TestCase("Meta-Llama/Llama-3.3-70B-Instruct:free", "llama-3-3-70b-instruct")]
    [TestCase("gpt-oss-120b", "gpt-oss-120b")]
    public void Normalise_LowersDropsPrefixAndFreeAndTurnsDotsIntoDashes(string name, string expected) =>
        Assert.That(ModelNameMatcher.Normalise(name), Is.EqualTo(expected));
}
