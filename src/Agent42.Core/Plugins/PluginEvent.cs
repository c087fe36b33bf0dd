using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins;

/// <summary>
/// One thing that happened to a tool source file, as shown by <c>agent42 watch</c> and the shell.
/// </summary>
/// <param name="Kind">Loaded, updated, removed or rejected.</param>
/// <param name="FilePath">The source file.</param>
/// <param name="Tools">The tools the file provides now (for a rejection: the tools still live from the last good version).</param>
/// <param name="Milliseconds">From the change on disk being noticed to the new version being callable.</param>
/// <param name="Diagnostics">Errors and warnings: compiler, policy, validation, collisions.</param>
/// <param name="FromCache">Whether the image came from the compile cache.</param>
internal sealed record PluginEvent(
    PluginEventKind Kind,
    string FilePath,
    IReadOnlyList<string> Tools,
    double Milliseconds,
    IReadOnlyList<PluginDiagnostic> Diagnostics,
    bool FromCache = false);
