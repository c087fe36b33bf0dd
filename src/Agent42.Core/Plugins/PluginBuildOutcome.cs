using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Core.Plugins;

/// <summary>
/// What <see cref="PluginBuilder.Build"/> produced for one file: the loaded version when the build succeeded
/// (its tools created and validated, possibly none), the build's diagnostics, and the image to cache once the
/// version goes live.
/// </summary>
/// <param name="Loaded">The loaded version, or null when the build failed.</param>
/// <param name="Diagnostics">The build's diagnostics (loading's are on <see cref="LoadedPlugin.Diagnostics"/>).</param>
/// <param name="Key">The key of everything this build depended on (<see cref="PluginBuilder.KeyOf"/>).</param>
/// <param name="Dependencies">The files the source <c>#load</c>s, as the compiler found them, in path order.</param>
internal sealed record PluginBuildOutcome(LoadedPlugin? Loaded, IReadOnlyList<PluginDiagnostic> Diagnostics, string Key, IReadOnlyList<string> Dependencies)
{
    public bool Succeeded => Loaded is not null;

    /// <summary>Whether the image came from the compile cache rather than Roslyn.</summary>
    public bool FromCache { get; init; }

    /// <summary>The freshly compiled image, for the cache; null for a cached or failed build, or with no cache.</summary>
    public CachedImage? ToCache { get; init; }
}
