using Agent42.Core.Agent;

namespace Agent42.Tests.Core.Agent;

public sealed class CriticVerdictTests
{
    [TestCase("APPROVED\nGood.\nSCORE: 0.9", true, "Good.", 0.9)]
    [TestCase("approved - nice work", true, "", null)]
    [TestCase("**APPROVED**\nSCORE: 1", true, "", 1.0)]
    [TestCase("Not yet: the loop never ends.\nSCORE: 0.3", false, "Not yet: the loop never ends.", 0.3)]
    [TestCase("The answer is APPROVED by nobody.\nScore = .25", false, "The answer is APPROVED by nobody.", 0.25)]
    [TestCase("Fix it.\nSCORE: 7", false, "Fix it.", 1.0)]
    [TestCase("Fix it.\nSCORE: high", false, "Fix it.\nSCORE: high", null)]
    [TestCase("Fix it.", false, "Fix it.", null)]
    public void Parse_ReadsApprovalFeedbackAndScore(string text, bool approved, string feedback, double? score)
    {
        var verdict = CriticVerdict.Parse(text);

        Assert.That((verdict.Approved, verdict.Feedback, verdict.Score), Is.EqualTo((approved, feedback, score)));
    }

    [TestCase("Add error handling for the empty input case please.", "Please add error handling for the empty input case.", true)]
    [TestCase("Add error handling.", "The tests are missing entirely.", false)]
    public void Overlap_AboveTheThreshold_MeansTheCriticRepeatsItself(string a, string b, bool converged)
    {
        Assert.That(CriticVerdict.Overlap(a, b) > IterationEngine.ConvergenceOverlap, Is.EqualTo(converged));
    }
}
