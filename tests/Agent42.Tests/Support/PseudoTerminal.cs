using System.Diagnostics;
using System.Text;

namespace Agent42.Tests.Support;

/// <summary>
/// Runs the real <c>agent42</c> with a pseudo-terminal on stdin, stdout and stderr (through util-linux's
/// <c>script</c>), as a person at a terminal runs it; what the test types goes in through the terminal.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private PseudoTerminal(Process process)
    {
        _process = process;
    }

    public static bool IsAvailable => OperatingSystem.IsLinux() && File.Exists("/usr/bin/script");

    /// <summary>Everything the terminal showed so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static PseudoTerminal StartAgent42(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        // The test output holds agent42.dll; the test's own runtime and dependency files say where everything it
        // needs is (the framework the tests add, such as ASP.NET Core, replaces some of the app's own copies).
        var command = string.Join(' ', Agent42CommandLine(args).Select(Quote));
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "-f", "-e", "-c", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["TERM"] = "xterm";
        var terminal = new PseudoTerminal(new Process { StartInfo = start });
        terminal._process.Start();
        _ = terminal.PumpAsync(terminal._process.StandardOutput);
        _ = terminal.PumpAsync(terminal._process.StandardError);
        return terminal;
    }

    /// <summary>The command line that runs the agent42 built beside the tests, with <paramref name="args"/>.</summary>
    public static IEnumerable<string> Agent42CommandLine(params string[] args)
    {
        var bin = AppContext.BaseDirectory;
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return new[]
        {
            dotnet, "exec",
            "--runtimeconfig", Path.Combine(bin, "Agent42.Tests.runtimeconfig.json"),
            "--depsfile", Path.Combine(bin, "Agent42.Tests.deps.json"),
            Path.Combine(bin, "agent42.dll"),
        }.Concat(args);
    }

    /// <summary>Types a line, as if on the keyboard, and presses Enter.</summary>
    public void Type(string line)
    {
        _process.StandardInput.Write(line + "\r");
        _process.StandardInput.Flush();
    }

    /// <summary>Types keys without pressing Enter: a line part-way typed, or control keys such as "\u0003".</summary>
    public void TypeKeys(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until the terminal has shown <paramref name="text"/> <paramref name="times"/> times in all.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan patience, int times = 1)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (Count(Output, text) < times)
        {
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _arrived.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_gate)
            {
                _output.Append(buffer, 0, read);
            }

            _arrived.Release();
        }
    }

    private static int Count(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
