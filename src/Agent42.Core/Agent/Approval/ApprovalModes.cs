namespace Agent42.Core.Agent.Approval;

/// <summary>The names of the approval modes, as <c>AGENT42_APPROVAL</c> and <c>--approval</c> spell them.</summary>
internal static class ApprovalModes
{
    public static readonly string[] Names = ["ask", "auto", "read-only"];

    public static string Name(ApprovalMode mode) => mode switch
    {
        ApprovalMode.Ask => "ask",
        ApprovalMode.Auto => "auto",
        _ => "read-only",
    };

    public static bool TryParse(string? text, out ApprovalMode mode)
    {
        var index = Array.FindIndex(Names, name => string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        mode = index < 0 ? default : (ApprovalMode)index;
        return index >= 0;
    }
}
