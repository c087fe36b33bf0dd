namespace Agent42.Core.Agent.Approval;

/// <summary>Whether a call may run, and if not, the tool result the model gets instead.</summary>
internal sealed record ApprovalDecision(bool Approved, string Refusal)
{
    public static ApprovalDecision Approve { get; } = new(true, string.Empty);

    public static ApprovalDecision Refuse(string refusal) => new(false, refusal);
}
