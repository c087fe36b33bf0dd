namespace Agent42.Core.Agent.Approval;

/// <summary>Decides, before each tool call the model makes, whether it runs.</summary>
internal interface IToolApprover
{
    /// <summary>The mode in force, for callers that show things differently while a person may be asked.</summary>
    ApprovalMode Mode { get; }

    Task<ApprovalDecision> ApproveAsync(ToolCallProposal call, CancellationToken cancellationToken);
}
