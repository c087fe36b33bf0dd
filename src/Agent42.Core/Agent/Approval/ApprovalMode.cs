namespace Agent42.Core.Agent.Approval;

/// <summary>What happens to a tool call that writes, edits, runs a command or sends a request (<c>AGENT42_APPROVAL</c>).</summary>
internal enum ApprovalMode
{
    /// <summary>Show each such call and ask yes / no / always-for-this-tool; the interactive shell's default.</summary>
    Ask,

    /// <summary>Run every call (inside the sandbox and the tools' own rules); the default for <c>run</c> and anything non-interactive.</summary>
    Auto,

    /// <summary>Refuse every such call; read-only tools still run.</summary>
    ReadOnly,
}
