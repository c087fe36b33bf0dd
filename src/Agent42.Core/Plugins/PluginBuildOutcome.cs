using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Core.Plugins;

/// <summary>
/// What <see cref="PluginBuilder.Build"/> produced for one file: the loaded version when the build succeeded
/// (its tools created and validated, possibly none), the build's diagnostics, and the image to cache once the
/// version goes live.
/// </summary>
internal sealed record PluginBuildOutcome(LoadedPlugin? Loaded, IReadOnlyList<PluginDiagnostic> Diagnostics)
{
    public bool Succeeded => Loaded is not null;

    /// <summary>Whether the image came from the compile cache rather than Roslyn.</summary>
    public bool FromCache { get; init; }

    /// <summary>The freshly compiled image, for the cache; null for a cached or failed build, or with no cache.</summary>
    public CachedImage? ToCache { get; init; }
}
