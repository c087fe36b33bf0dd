using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Security;

/// <summary>How strict the file tools' handle checks are. The defaults are the strict ones.</summary>
internal sealed class WorkspaceSandboxOptions
{
    /// <summary>
    /// Lets the file tools read a file with more than one hard link. Off by default: a hard link inside the workspace
    /// can name a file from anywhere else on the same file system. Links to Agent42's own files stay refused.
    /// </summary>
    [ConfigurationKeyName("FILE_TOOLS_ALLOW_HARDLINKS")]
    public bool AllowHardLinks { get; set; }

    /// <summary>
    /// Resolves by a walk of <c>openat</c> even where <c>openat2</c> exists: the fallback for kernels before 5.6, chosen
    /// by tests so both paths are proven. Not a setting.
    /// </summary>
    internal bool ResolveByWalk { get; set; }
}
