namespace Agent42.Cli;

/// <summary>
/// What a command runs against: where results and messages go, the working directory and the environment.
/// Passed in rather than read from statics so that tests run the real command line in-process.
/// </summary>
internal sealed record CliConsole(
    TextWriter Out,
    TextWriter Error,
    string CurrentDirectory,
    IReadOnlyDictionary<string, string?> Environment);
