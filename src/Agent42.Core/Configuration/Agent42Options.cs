using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Configuration;

/// <summary>Where Agent42 works and keeps its files. Relative paths are taken from the current directory.</summary>
internal sealed class Agent42Options
{
    /// <summary>The directory tools work in; every tool path is sandboxed under it. Empty means the current directory.</summary>
    [ConfigurationKeyName("AGENT42_WORKSPACE")]
    public string Workspace { get; set; } = string.Empty;

    /// <summary>Where custom tool source files live.</summary>
    [ConfigurationKeyName("CUSTOM_TOOLS_DIR")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "CUSTOM_TOOLS_DIR must not be empty")]
    public string CustomToolsDir { get; set; } = "custom_tools";

    /// <summary>Where Agent42 keeps its state: task queue, logs, caches.</summary>
    [ConfigurationKeyName("AGENT42_DATA_DIR")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "AGENT42_DATA_DIR must not be empty")]
    public string DataDir { get; set; } = "data";

    /// <summary>How much is logged to the terminal (stderr).</summary>
    [ConfigurationKeyName("AGENT42_LOG_LEVEL")]
    [RegularExpression("(?i)^(verbose|debug|information|warning|error|fatal)$",
        ErrorMessage = "AGENT42_LOG_LEVEL must be one of verbose, debug, information, warning, error, fatal")]
    public string LogLevel { get; set; } = "warning";
}
