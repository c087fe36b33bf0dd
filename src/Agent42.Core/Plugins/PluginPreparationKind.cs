namespace Agent42.Core.Plugins;

/// <summary>What reading and building a file found, before the manager commits it.</summary>
internal enum PluginPreparationKind
{
    /// <summary>The file is as the live version (or the last rejection) saw it: nothing to do.</summary>
    Unchanged,

    /// <summary>The file went back to the live version after a rejection: worth an event, not a build.</summary>
    Restored,

    /// <summary>The file is gone.</summary>
    Missing,

    /// <summary>The file could not be read or did not build.</summary>
    Failed,

    /// <summary>The file built and loaded (its tools may still be refused).</summary>
    Built,
}
