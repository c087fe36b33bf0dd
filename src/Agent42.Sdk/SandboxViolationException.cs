namespace Agent42.Sdk;

/// <summary>Thrown when a path would leave the workspace or is otherwise not allowed.</summary>
public sealed class SandboxViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path that was refused, as given.</param>
    /// <param name="reason">Why it was refused.</param>
    public SandboxViolationException(string path, string reason)
        : base($"Sandbox violation: '{Printable(path)}' {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The path that was refused, as given.</summary>
    public string Path { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }

    private static string Printable(string path) => path.Replace("\0", "\\0", StringComparison.Ordinal);
}
