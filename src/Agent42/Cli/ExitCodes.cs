namespace Agent42.Cli;

/// <summary>The process exit codes, documented in README.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran but failed: a tool returned a failed result, a file was rejected.</summary>
    public const int Failure = 1;

    /// <summary>The command could not run: unknown command or option, bad arguments, bad configuration.</summary>
    public const int Usage = 2;

    /// <summary>The task was done and its answer printed, but its outcome could not be recorded (the message says why).</summary>
    public const int NotRecorded = 3;

    /// <summary>The shared store (AGENT42_DATABASE_URL) cannot be used: unreachable, login refused, schema too old or too new.</summary>
    public const int Unavailable = 4;
}
