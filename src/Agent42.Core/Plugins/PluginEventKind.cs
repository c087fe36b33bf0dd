namespace Agent42.Core.Plugins;

/// <summary>What happened to a tool source file.</summary>
internal enum PluginEventKind
{
    /// <summary>First version of the file is live.</summary>
    Loaded,

    /// <summary>A new version of the file replaced the old one.</summary>
    Updated,

    /// <summary>The file is gone and so are its tools.</summary>
    Removed,

    /// <summary>The file could not be used; its last good version, if any, stays live.</summary>
    Rejected,
}
