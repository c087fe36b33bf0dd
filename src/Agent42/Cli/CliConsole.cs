namespace Agent42.Cli;

/// <summary>
/// What a command runs against: where results and messages go, the working directory and the environment.
/// Passed in rather than read from statics so that tests run the real command line in-process.
/// </summary>
internal sealed record CliConsole(
    TextWriter Out,
    TextWriter Error,
    string CurrentDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    TextReader? In = null)
{
    /// <summary>Where the interactive shell reads lines from; nothing (end of input) unless given.</summary>
    public TextReader Input => In ?? TextReader.Null;

    /// <summary>Whether this process runs as root; tests set it rather than depend on who runs them.</summary>
    public bool RunsAsRoot { get; init; } = Core.Security.ProcessUser.IsRoot();
}
