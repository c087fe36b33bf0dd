using Agent42.Cli;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>Runs the real command line in-process, in a temp working directory, capturing stdout and stderr.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Directory = new TempDirectory();
        // Background research would fetch from the public sources; tests that want it turn it on.
        Environment["MODEL_RESEARCH_ENABLED"] = "false";
    }

    public TempDirectory Directory { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the command believes it runs as root; false unless a test says so, whoever runs the tests.</summary>
    public bool RunsAsRoot { get; set; }

    public Task<CliOutcome> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs with <paramref name="input"/> as standard input, as a person typing lines would give it.</summary>
    public async Task<CliOutcome> RunWithInputAsync(string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input);
        var exitCode = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Directory.Path, Environment, stdin) { RunsAsRoot = RunsAsRoot });
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts a long-running command (such as watch) whose stdout lines arrive in <paramref name="lines"/>.</summary>
    public Task<int> StartAsync(LineCollector lines, CancellationToken cancellationToken, params string[] args) =>
        StartAsync(lines, TextReader.Null, cancellationToken, args);

    /// <summary>Starts a long-running command that reads its input from <paramref name="input"/>.</summary>
    public Task<int> StartAsync(LineCollector lines, TextReader input, CancellationToken cancellationToken, params string[] args) =>
        Task.Run(() => CliApp.RunAsync(args, new CliConsole(lines, StartedErrors, Directory.Path, Environment, input) { RunsAsRoot = RunsAsRoot }, cancellationToken));

    /// <summary>What a command started with <see cref="StartAsync"/> wrote to stderr.</summary>
    public StringWriter StartedErrors { get; } = new();

    public void Dispose() => Directory.Dispose();
}

internal sealed record CliOutcome(int ExitCode, string Out, string Error);
