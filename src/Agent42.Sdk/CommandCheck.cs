namespace Agent42.Sdk;

/// <summary>The verdict of <see cref="ICommandFilter.Check"/>.</summary>
/// <param name="Allowed">Whether the command may run.</param>
/// <param name="Rule">The name of the rule that refused it, when refused.</param>
/// <param name="Reason">A sentence saying why, when refused.</param>
public sealed record CommandCheck(bool Allowed, string? Rule, string? Reason)
{
    /// <summary>The verdict for a command that may run.</summary>
    public static CommandCheck Allow { get; } = new(true, null, null);

    /// <summary>A refusal.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="reason">Why the rule refuses.</param>
    /// <returns>The verdict.</returns>
    public static CommandCheck Deny(string rule, string reason) => new(false, rule, reason);

    /// <summary>A one-line summary, e.g. <c>denied by rule 'sudo': privilege escalation</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Allowed ? "allowed" : $"denied by rule '{Rule}': {Reason}";
}
