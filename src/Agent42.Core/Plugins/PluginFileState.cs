using Agent42.Core.Plugins.Loading;

namespace Agent42.Core.Plugins;

/// <summary>A file's live version, as the manager keeps it: its key, the loaded plugin, the tool names it holds and the files it <c>#load</c>s.</summary>
internal sealed record PluginFileState(string Key, LoadedPlugin Plugin, IReadOnlyList<string> Tools, IReadOnlyList<string> Dependencies);
