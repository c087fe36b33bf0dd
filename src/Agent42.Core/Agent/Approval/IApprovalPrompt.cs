namespace Agent42.Core.Agent.Approval;

/// <summary>Asks a person about one tool call: a terminal in the shell.</summary>
internal interface IApprovalPrompt
{
    /// <param name="call">The call.</param>
    /// <param name="preview">What it would do, to show: a unified diff, the command, the method and URL.</param>
    /// <param name="cancellationToken">Cancelled when the run is.</param>
    Task<ApprovalAnswer> AskAsync(ToolCallProposal call, string preview, CancellationToken cancellationToken);
}
