using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Plugins;

/// <summary>How custom tool files are read, watched and cached.</summary>
internal sealed class PluginOptions
{
    /// <summary>The largest tool source file accepted.</summary>
    [ConfigurationKeyName("PLUGIN_MAX_FILE_KB")]
    [Range(1, 16_384, ErrorMessage = "PLUGIN_MAX_FILE_KB must be between 1 and 16384")]
    public int MaxFileKb { get; set; } = 512;

    /// <summary>Quiet time after the last change to a file before it is compiled: absorbs editors' save storms.</summary>
    [ConfigurationKeyName("PLUGIN_DEBOUNCE_MS")]
    [Range(0, 10_000, ErrorMessage = "PLUGIN_DEBOUNCE_MS must be between 0 and 10000")]
    public int DebounceMs { get; set; } = 50;

    /// <summary>How often the tools directory is rescanned, as a safety net for missed watcher events.</summary>
    [ConfigurationKeyName("PLUGIN_RESCAN_SECONDS")]
    [Range(1, 3_600, ErrorMessage = "PLUGIN_RESCAN_SECONDS must be between 1 and 3600")]
    public int RescanSeconds { get; set; } = 5;

    /// <summary>
    /// How long a file's load-time code (type initializers, constructors, the Name, Description and Parameters
    /// getters) may run before the file is set aside: a tool that hangs there must not hang the host.
    /// </summary>
    [ConfigurationKeyName("PLUGIN_LOAD_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "PLUGIN_LOAD_TIMEOUT_SECONDS must be between 1 and 600")]
    public int LoadTimeoutSeconds { get; set; } = 5;

    /// <summary>Whether compiled images are cached under the data directory.</summary>
    [ConfigurationKeyName("PLUGIN_CACHE_ENABLED")]
    public bool CacheEnabled { get; set; } = true;
}
