using Agent42.Sdk;

namespace Agent42.Core.Security.Handles;

/// <summary>A file operation the sandbox refused or could not do, with the text a tool reports.</summary>
/// <param name="Kind">Why.</param>
/// <param name="Path">The path as the tool was given it.</param>
/// <param name="Reason">What is wrong with it, without the path (for <see cref="FileRefusalKind.OwnFile"/>, the whole refusal).</param>
internal sealed record FileRefusal(FileRefusalKind Kind, string Path, string Reason)
{
    /// <summary>The text a tool reports.</summary>
    public string Message => Kind switch
    {
        FileRefusalKind.Violation => $"Sandbox violation: '{Printable}' {Reason}",
        FileRefusalKind.OwnFile => Reason,
        _ => $"'{Printable}' {Reason}",
    };

    private string Printable => Path.Replace("\0", "\\0", StringComparison.Ordinal);

    public static FileRefusal Violation(string path, string reason) => new(FileRefusalKind.Violation, path, reason);

    public static FileRefusal OwnFile(string path, string refusal) => new(FileRefusalKind.OwnFile, path, refusal);

    /// <summary>The exception the plugin-facing helpers of <see cref="IWorkspaceSandbox"/> throw for this refusal.</summary>
    public Exception ToException() => Kind switch
    {
        FileRefusalKind.Violation or FileRefusalKind.OwnFile => new SandboxViolationException(Path, Reason),
        FileRefusalKind.NotFound => new FileNotFoundException(Message, Path),
        FileRefusalKind.WrongType => new IOException(Message),
        _ => new IOException(Message),
    };
}
