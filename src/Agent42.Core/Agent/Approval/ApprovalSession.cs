namespace Agent42.Core.Agent.Approval;

/// <summary>
/// What the command that built the host says about approval: the mode when <c>AGENT42_APPROVAL</c> is unset, and
/// who can be asked (no one, unless a person sits at a terminal).
/// </summary>
internal sealed record ApprovalSession(ApprovalMode DefaultMode, IApprovalPrompt? Prompt)
{
    /// <summary>A command no one watches: <c>run</c>, <c>research</c>, anything scripted.</summary>
    public static ApprovalSession NonInteractive { get; } = new(ApprovalMode.Auto, null);
}
