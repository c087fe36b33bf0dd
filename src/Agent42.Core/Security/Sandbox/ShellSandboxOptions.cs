using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Security.Sandbox;

/// <summary>Whether and how the shell tool's commands run inside an OS sandbox (bubblewrap on Linux).</summary>
internal sealed class ShellSandboxOptions
{
    /// <summary>
    /// <c>auto</c> (default): bubblewrap where it works, else the command filter alone with one warning.
    /// <c>bwrap</c>: bubblewrap or nothing; a call fails when it cannot run. <c>off</c>: the filter alone.
    /// </summary>
    [ConfigurationKeyName("SHELL_SANDBOX")]
    [RegularExpression("(?i)^(auto|bwrap|off)$", ErrorMessage = "SHELL_SANDBOX must be 'auto', 'bwrap' or 'off'")]
    public string Sandbox { get; set; } = "auto";

    /// <summary><c>off</c> (default): sandboxed commands have no network. <c>on</c>: they share the host's.</summary>
    [ConfigurationKeyName("SHELL_NETWORK")]
    [RegularExpression("(?i)^(on|off)$", ErrorMessage = "SHELL_NETWORK must be 'on' or 'off'")]
    public string Network { get; set; } = "off";

    /// <summary>The bubblewrap program: a name looked up on PATH, or a full path.</summary>
    [ConfigurationKeyName("SHELL_BWRAP_PATH")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "SHELL_BWRAP_PATH must name the bubblewrap program")]
    public string BwrapPath { get; set; } = "bwrap";

    /// <summary>The mode, parsed.</summary>
    public ShellSandboxMode Mode => Sandbox.ToLowerInvariant() switch
    {
        "bwrap" => ShellSandboxMode.Bwrap,
        "off" => ShellSandboxMode.Off,
        _ => ShellSandboxMode.Auto,
    };

    /// <summary>Whether sandboxed commands keep the network.</summary>
    public bool NetworkOn => string.Equals(Network, "on", StringComparison.OrdinalIgnoreCase);
}
