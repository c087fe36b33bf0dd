using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Core.Plugins;

/// <summary>
/// One file read and built, off the manager's worker (so a start builds files in parallel), waiting to be
/// committed: swapped into the registry, in path order.
/// </summary>
internal sealed record PluginPreparation(string Path, PluginPreparationKind Kind)
{
    public string? Key { get; init; }

    /// <summary>The key to remember as rejected when the build failed, so re-saving the same content says nothing new.</summary>
    public string? RejectedKey { get; init; }

    public LoadedPlugin? Loaded { get; init; }

    public CachedImage? ToCache { get; init; }

    public bool FromCache { get; init; }

    public IReadOnlyList<PluginDiagnostic> Diagnostics { get; init; } = [];

    public IReadOnlyList<string> Dependencies { get; init; } = [];
}
