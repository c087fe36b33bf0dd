namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>How bad a plugin diagnostic is.</summary>
internal enum PluginDiagnosticSeverity
{
    /// <summary>Something worth fixing; the file still loads (a skipped tool is a warning for its file).</summary>
    Warning,

    /// <summary>The file does not load.</summary>
    Error,
}
