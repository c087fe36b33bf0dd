using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Agent.Approval;

/// <summary>Which approval mode tool calls run under; unset means the command's own default.</summary>
internal sealed class ApprovalOptions
{
    /// <summary><c>ask</c>, <c>auto</c> or <c>read-only</c>; null lets the command choose (ask in the shell, auto elsewhere).</summary>
    [ConfigurationKeyName("AGENT42_APPROVAL")]
    [RegularExpression("(?i)^(ask|auto|read-only)$", ErrorMessage = "AGENT42_APPROVAL must be one of ask, auto, read-only")]
    public string? Approval { get; set; }

    /// <summary>The configured mode, or <paramref name="commandDefault"/> when none is.</summary>
    public ApprovalMode ModeOr(ApprovalMode commandDefault) =>
        ApprovalModes.TryParse(Approval, out var mode) ? mode : commandDefault;
}
