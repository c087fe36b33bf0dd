using Agent42.Cli;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>Runs the real command line in-process, in a temp working directory, capturing stdout and stderr.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun() => Directory = new TempDirectory();

    public TempDirectory Directory { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public async Task<CliOutcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Directory.Path, Environment));
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts a long-running command (such as watch) whose stdout lines arrive in <paramref name="lines"/>.</summary>
    public Task<int> StartAsync(LineCollector lines, CancellationToken cancellationToken, params string[] args) =>
        Task.Run(() => CliApp.RunAsync(args, new CliConsole(lines, StartedErrors, Directory.Path, Environment), cancellationToken));

    /// <summary>What a command started with <see cref="StartAsync"/> wrote to stderr.</summary>
    public StringWriter StartedErrors { get; } = new();

    public void Dispose() => Directory.Dispose();
}

internal sealed record CliOutcome(int ExitCode, string Out, string Error);
