using Agent42.Core.Tools;

namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>
/// Diagnostics about a file as a whole (placed at its start), shared by the hot-swap manager and
/// <c>tools check</c> so that both say the same thing.
/// </summary>
internal static class PluginFileDiagnostics
{
    /// <summary>The file cannot be read; <paramref name="problem"/> says why.</summary>
    public static PluginDiagnostic Unreadable(string path, string problem) => AtStart(path, PluginDiagnosticCodes.Unreadable, problem);

    /// <summary>A tool the registry refuses (or would refuse) because its name is taken.</summary>
    public static PluginDiagnostic NameTaken(string path, ToolRejection rejection) => AtStart(path, PluginDiagnosticCodes.NameTaken, rejection.Reason);

    /// <summary>A build that loaded but left no tool and said nothing about why.</summary>
    public static PluginDiagnostic NoTools(string path) => AtStart(path, PluginDiagnosticCodes.NoTools, "the file provides no tools");

    private static PluginDiagnostic AtStart(string path, string code, string message) =>
        new(path, 1, 1, code, PluginDiagnosticSeverity.Error, message);
}
