namespace Agent42.Core.Agent.Approval;

/// <summary>What the user answered about one call.</summary>
internal enum ApprovalAnswer
{
    Yes,
    No,

    /// <summary>Yes, and for the rest of the session to every call of this tool.</summary>
    Always,
}
