using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace Agent42.Core.Configuration;

/// <summary>
/// A <c>.env</c> file as a configuration source: optional, and reloaded when it changes, so values read at use
/// (API keys, routing overrides) follow edits made while a long-running host runs.
/// </summary>
internal sealed class DotEnvConfigurationSource : FileConfigurationSource
{
    public DotEnvConfigurationSource(string directory, string fileName)
    {
        // ExclusionFilters.None: the default (Sensitive) hides dot-files, which would make .env never exist.
        // Polling, not the OS watcher: PhysicalFileProvider's watcher covers the whole directory tree (the user's
        // working tree, one inotify watch per folder), and bind mounts in containers often deliver no events at all.
        // One stat every 4 s is all a single file needs. Set here, so DOTNET_USE_POLLING_FILE_WATCHER does not matter.
        FileProvider = new PhysicalFileProvider(directory, ExclusionFilters.None)
        {
            UsePollingFileWatcher = true,
            UseActivePolling = true,
        };
        Path = fileName;
        Optional = true;
        ReloadOnChange = true;
    }

    public override IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(this);
}
