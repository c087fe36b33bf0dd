using Agent42.Core.Plugins.Sources;

namespace Agent42.Core.Plugins;

/// <summary>
/// A tool source ready to build: the file as read, the files it <c>#load</c>s, and the key of everything that
/// decides the image (see <see cref="Cache.PluginCache.ComputeKey"/>).
/// </summary>
internal sealed record PluginBuildInput(PluginSourceFile File, IReadOnlyList<string> Dependencies, string Key)
{
    public string Path => File.Path;
}
