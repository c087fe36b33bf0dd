namespace Agent42.Core.Security.Sandbox;

/// <summary>The values of <c>SHELL_SANDBOX</c>.</summary>
internal enum ShellSandboxMode
{
    /// <summary>Bubblewrap where it works, else the command filter alone with one warning.</summary>
    Auto,

    /// <summary>Bubblewrap required: a call fails when it cannot run.</summary>
    Bwrap,

    /// <summary>No OS sandbox: the command filter alone.</summary>
    Off,
}
