using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Tools;

/// <summary>Limits on tool calls.</summary>
internal sealed class ToolOptions
{
    /// <summary>How long one tool call may take before it is cancelled and reported as timed out.</summary>
    [ConfigurationKeyName("TOOL_TIMEOUT_SECONDS")]
    [Range(1, 86_400, ErrorMessage = "TOOL_TIMEOUT_SECONDS must be between 1 and 86400")]
    public int ToolTimeoutSeconds { get; set; } = 60;

    /// <summary>The most output the shell tool keeps, per stream; the rest is cut with a note.</summary>
    [ConfigurationKeyName("SHELL_MAX_OUTPUT_KB")]
    [Range(1, 65_536, ErrorMessage = "SHELL_MAX_OUTPUT_KB must be between 1 and 65536")]
    public int ShellMaxOutputKb { get; set; } = 64;

    /// <summary>The largest file read_file, edit_file and grep will read.</summary>
    [ConfigurationKeyName("FILE_MAX_READ_KB")]
    [Range(1, 1_048_576, ErrorMessage = "FILE_MAX_READ_KB must be between 1 and 1048576")]
    public int FileMaxReadKb { get; set; } = 2048;

    /// <summary>The largest response body http_request will read.</summary>
    [ConfigurationKeyName("HTTP_MAX_RESPONSE_KB")]
    [Range(1, 1_048_576, ErrorMessage = "HTTP_MAX_RESPONSE_KB must be between 1 and 1048576")]
    public int HttpMaxResponseKb { get; set; } = 1024;

    /// <summary>How long http_request waits for a response.</summary>
    [ConfigurationKeyName("HTTP_TIMEOUT_SECONDS")]
    [Range(1, 3_600, ErrorMessage = "HTTP_TIMEOUT_SECONDS must be between 1 and 3600")]
    public int HttpTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Whether http_request may reach loopback, private, link-local and metadata addresses. Off by default: a model
    /// steered by a web page would use them to reach what only this machine can.
    /// </summary>
    [ConfigurationKeyName("HTTP_ALLOW_PRIVATE")]
    public bool HttpAllowPrivate { get; set; }
}
