using Agent42.Core.Agent.Approval;

namespace Agent42.Tests.Core.Agent.Approval;

internal sealed class ApprovalPolicyTests
{
    [TestCase(ApprovalMode.Ask, ApprovalStep.Ask)]
    [TestCase(ApprovalMode.Auto, ApprovalStep.Run)]
    [TestCase(ApprovalMode.ReadOnly, ApprovalStep.Refuse)]
    public void AToolThatMayWrite_IsAskedAbout_Run_OrRefused_ByMode(ApprovalMode mode, ApprovalStep expected) =>
        Assert.That(ApprovalPolicy.Decide(mode, isReadOnly: false), Is.EqualTo(expected));

    [TestCase(ApprovalMode.Ask)]
    [TestCase(ApprovalMode.Auto)]
    [TestCase(ApprovalMode.ReadOnly)]
    public void AReadOnlyTool_RunsInEveryMode(ApprovalMode mode) =>
        Assert.That(ApprovalPolicy.Decide(mode, isReadOnly: true), Is.EqualTo(ApprovalStep.Run));

    [Test]
    public void TheReadOnlyRefusal_NamesTheSetting_AndTheTool() =>
        Assert.That(ApprovalPolicy.RefusedReadOnly("shell"), Does.StartWith("shell did not run").And.Contain("AGENT42_APPROVAL=read-only").And.Contain("--approval read-only"));

    [Test]
    public void TheNoTerminalRefusal_SaysToUseApprovalAuto() =>
        Assert.That(ApprovalPolicy.RefusedNoTerminal("write_file"), Does.Contain("no terminal").And.Contain("--approval auto"));

    [TestCase("ask", ApprovalMode.Ask)]
    [TestCase("AUTO", ApprovalMode.Auto)]
    [TestCase(" read-only ", ApprovalMode.ReadOnly)]
    public void ModeNames_ParseWhateverTheCase(string text, ApprovalMode expected) => Assert.Multiple(() =>
    {
        Assert.That(ApprovalModes.TryParse(text, out var mode), Is.True);
        Assert.That(mode, Is.EqualTo(expected));
        Assert.That(ApprovalModes.Name(mode), Is.EqualTo(text.Trim().ToLowerInvariant()));
    });

    [Test]
    public void UnsetOptions_LeaveTheCommandsDefault_AndASetOneWins() => Assert.Multiple(() =>
    {
        Assert.That(new ApprovalOptions().ModeOr(ApprovalMode.Ask), Is.EqualTo(ApprovalMode.Ask));
        Assert.That(new ApprovalOptions().ModeOr(ApprovalMode.Auto), Is.EqualTo(ApprovalMode.Auto));
        Assert.That(new ApprovalOptions { Approval = "read-only" }.ModeOr(ApprovalMode.Auto), Is.EqualTo(ApprovalMode.ReadOnly));
    });
}
