namespace Agent42.Core.Agent.Approval;

/// <summary>
/// The approval rule, with no terminal in it, so that every way of serving tools (the agent loop here, an MCP
/// server later) applies the same one: read-only tools always run; any other tool (which includes a custom tool
/// that does not declare itself read-only) runs in <c>auto</c>, is asked about in <c>ask</c>, and is refused in
/// <c>read-only</c>.
/// </summary>
internal static class ApprovalPolicy
{
    public static ApprovalStep Decide(ApprovalMode mode, bool isReadOnly) => isReadOnly
        ? ApprovalStep.Run
        : mode switch
        {
            ApprovalMode.Auto => ApprovalStep.Run,
            ApprovalMode.Ask => ApprovalStep.Ask,
            _ => ApprovalStep.Refuse,
        };

    /// <summary>What the model is told when the user answered no.</summary>
    public static string Declined(string tool) =>
        $"the user declined this {tool} call, so it did not run; do not repeat it unchanged: do the task another way, or say what you need";

    /// <summary>What the model is told in <c>read-only</c> mode.</summary>
    public static string RefusedReadOnly(string tool) =>
        $"{tool} did not run: the approval mode is read-only (AGENT42_APPROVAL=read-only or --approval read-only), " +
        "which refuses every tool that writes or edits files, runs commands or sends requests; read-only tools still work";

    /// <summary>What the model is told in <c>ask</c> mode when no one can be asked.</summary>
    public static string RefusedNoTerminal(string tool) =>
        $"{tool} did not run: the approval mode is ask (AGENT42_APPROVAL=ask or --approval ask) and there is no terminal " +
        "on standard input to ask on; start Agent42 with --approval auto (or AGENT42_APPROVAL=auto) to let such calls run unasked";
}
