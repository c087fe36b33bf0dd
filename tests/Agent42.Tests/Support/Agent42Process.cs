using System.Diagnostics;

namespace Agent42.Tests.Support;

/// <summary>
/// Runs the real <c>agent42</c> as a separate process (the build beside the tests, through the <c>dotnet</c> host), for
/// tests of what several processes on one data directory do to each other: locks, appends and crashes are the OS's.
/// </summary>
internal static class Agent42Process
{
    /// <summary>The <c>agent42.dll</c> copied beside the test assembly.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "agent42.dll");

    /// <summary>
    /// A start description for <c>agent42 args...</c> in <paramref name="workingDirectory"/>, with research off (it
    /// would reach the public sources) and <paramref name="environment"/> set.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test project's dependency list and runtime settings: its folder holds every assembly agent42 needs, while
        // agent42's own list points into the NuGet cache, whose probing paths only its build knew.
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--depsfile");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Agent42.Tests.deps.json"));
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Agent42.Tests.runtimeconfig.json"));
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MODEL_RESEARCH_ENABLED"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs <c>agent42 args...</c> to its end (or kills it after <paramref name="timeout"/>, default 2 minutes).</summary>
    public static async Task<CliProcessOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment,
        TimeSpan? timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new CliProcessOutcome(-1, await stdout, await stderr + $"\n(killed after {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s)");
        }

        return new CliProcessOutcome(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliProcessOutcome> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, null, null, args);
}

/// <summary>What a separate <c>agent42</c> process printed, and its exit code (-1 when it was killed for hanging).</summary>
internal sealed record CliProcessOutcome(int ExitCode, string Out, string Error);
