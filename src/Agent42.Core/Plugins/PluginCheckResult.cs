using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins;

/// <summary>What <c>agent42 tools check</c> found in one file.</summary>
internal sealed record PluginCheckResult(string FilePath, bool Valid, IReadOnlyList<string> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics);
