using Agent42.Core.Models.Research;

namespace Agent42.Tests.Core.Models.Research;

public sealed class ResearchPriorsTests
{
    private static ResearchPriors CreateSut() => new(ResearchAggregator.Build(
        [
            new ResearchScore("openai/gpt-oss-120b", Capabilities.Coding, 0.9, "s", ResearchTestModels.Date),
            new ResearchScore("openai/gpt-oss-120b", Capabilities.Reasoning, 0.6, "s", ResearchTestModels.Date),
            new ResearchScore("openai/gpt-oss-120b", Capabilities.General, 0.3, "s", ResearchTestModels.Date),
        ],
        [],
        ResearchTestModels.Date));

    [TestCase("coding", 0.8)]
    [TestCase("debugging", 0.8)]
    [TestCase("data_analysis", 0.8)]
    [TestCase("research", 0.5)]
    [TestCase("strategy", 0.5)]
    [TestCase("marketing", 0.3)]
    [TestCase("documentation", 0.3)]
    [TestCase("something_new", 0.3)]
    public void PriorForTask_WeighsTheCapabilitiesTheTaskTypeDrawsOn(string taskType, double expected) =>
        Assert.That(CreateSut().PriorForTask("openai/gpt-oss-120b:free", taskType), Is.EqualTo(expected).Within(1e-9));

    [Test]
    public void Prior_OfAModelResearchKnowsNothingAbout_IsNull() =>
        Assert.Multiple(() =>
        {
            Assert.That(CreateSut().Prior("google/gemma-3-27b-it:free", Capabilities.Coding), Is.Null);
            Assert.That(CreateSut().PriorForTask("google/gemma-3-27b-it:free", "coding"), Is.Null);
        });

    [Test]
    public void Blend_CountsThePriorAsFivePseudoOutcomes() =>
        Assert.Multiple(() =>
        {
            Assert.That(CreateSut().Blend("openai/gpt-oss-120b", "coding", successes: 0, tasks: 5), Is.EqualTo(0.4).Within(1e-9));
            Assert.That(CreateSut().Blend("unknown/model", "coding", successes: 3, tasks: 4), Is.EqualTo(0.75));
            Assert.That(CreateSut().Blend("unknown/model", "coding", successes: 0, tasks: 0), Is.Null);
        });
}
