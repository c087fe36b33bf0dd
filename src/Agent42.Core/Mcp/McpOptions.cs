using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Mcp;

/// <summary>How Agent42 runs the MCP servers of <c>.mcp.json</c>.</summary>
internal sealed class McpOptions
{
    /// <summary>
    /// How long a command waits, before it first needs the tool list, for every server's first attempt to connect or
    /// fail. A server still starting after that joins the registry when it is ready; nothing waits longer for it.
    /// </summary>
    [ConfigurationKeyName("MCP_START_WAIT_SECONDS")]
    [Range(0, 600, ErrorMessage = "MCP_START_WAIT_SECONDS must be between 0 and 600")]
    public int StartWaitSeconds { get; set; } = 10;

    /// <summary>How long a server may take to start and answer <c>initialize</c> and <c>tools/list</c> before it counts as failed.</summary>
    [ConfigurationKeyName("MCP_INIT_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "MCP_INIT_TIMEOUT_SECONDS must be between 1 and 600")]
    public int InitTimeoutSeconds { get; set; } = 10;

    /// <summary>The longest wait between two attempts to start a failed server (the waits double from one second up to it).</summary>
    [ConfigurationKeyName("MCP_RETRY_MAX_SECONDS")]
    [Range(1, 86_400, ErrorMessage = "MCP_RETRY_MAX_SECONDS must be between 1 and 86400")]
    public int RetryMaxSeconds { get; set; } = 60;

    /// <summary>
    /// Lets an MCP tool that the server marks <c>annotations.readOnlyHint</c> run unasked, like the built-in read-only
    /// tools. Off by default: the hint is the third-party server's own claim.
    /// </summary>
    [ConfigurationKeyName("MCP_TRUST_READ_ONLY_HINTS")]
    public bool TrustReadOnlyHints { get; set; }
}
