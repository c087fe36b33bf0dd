namespace Agent42.Core.Agent.Approval;

/// <summary>What the policy says to do with one tool call.</summary>
internal enum ApprovalStep
{
    /// <summary>Run it without asking.</summary>
    Run,

    /// <summary>Ask the user first.</summary>
    Ask,

    /// <summary>Do not run it.</summary>
    Refuse,
}
