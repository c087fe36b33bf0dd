using System.ComponentModel;
using System.Diagnostics;
using Agent42.Core.Security.ControlFiles;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// Decides how the shell tool starts a command: under bubblewrap when <c>SHELL_SANDBOX</c> asks for it and it works
/// here (probed once per process), with Agent42's own files and the usual secret homes hidden; else plain
/// <c>/bin/sh</c>, after one warning.
/// </summary>
internal sealed partial class ShellSandbox
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly ShellSandboxOptions _options;
    private readonly string _workspace;
    private readonly ILogger<ShellSandbox> _logger;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string?>? _environment;
    private readonly Lazy<Task<string?>> _problem;
    private readonly BwrapPlanner _planner;
    private readonly SandboxPlaceholders _placeholders = new();
    private int _warned;

    /// <param name="environment">Agent42's environment as commands would inherit it; null means this process's.</param>
    public ShellSandbox(
        ShellSandboxOptions options,
        ControlPaths controlPaths,
        IWorkspaceSandbox workspace,
        ILogger<ShellSandbox> logger,
        TimeProvider time,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        _options = options;
        _workspace = workspace.Root;
        _environment = environment;
        var home = Inherited().FirstOrDefault(e => e.Key == "HOME").Value is { Length: > 0 } value ? value : null;
        _planner = new BwrapPlanner(controlPaths, _workspace, home, options.NetworkOn);
        _logger = logger;
        _time = time;
        _problem = new Lazy<Task<string?>>(ProbeAsync);
    }

    /// <summary>Why bubblewrap cannot run here, or null when it can. Probed once, on first use.</summary>
    public Task<string?> ProblemAsync() => _problem.Value;

    public async Task<ShellLaunch> PrepareAsync(string command, CancellationToken cancellationToken)
    {
        if (_options.Mode == ShellSandboxMode.Off || OperatingSystem.IsWindows())
        {
            return Plain(command);
        }

        var problem = await ProblemAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (problem is null)
        {
            return Sandboxed(command);
        }

        if (_options.Mode == ShellSandboxMode.Bwrap)
        {
            return ShellLaunch.Refused(
                $"SHELL_SANDBOX=bwrap, but bubblewrap cannot run here ({problem}); install it (Debian: apt-get install bubblewrap) or set SHELL_SANDBOX=auto");
        }

        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogNoSandbox(_logger, problem);
        }

        return Plain(command);
    }

    private ShellLaunch Sandboxed(string command)
    {
        var environment = SandboxEnvironment.Scrub(Inherited());
        var (plan, lease) = _placeholders.Enter(placeholders => _planner.Plan(environment, placeholders));

        var start = NewStartInfo(_options.BwrapPath);
        foreach (var argument in BwrapArguments.Build(plan, ["/bin/sh", "-c", command]))
        {
            start.ArgumentList.Add(argument);
        }

        return new ShellLaunch(start, true, null, lease);
    }

    private ShellLaunch Plain(string command)
    {
        var windows = OperatingSystem.IsWindows();
        var start = NewStartInfo(windows ? "cmd.exe" : "/bin/sh");
        start.ArgumentList.Add(windows ? "/c" : "-c");
        start.ArgumentList.Add(command);
        return new ShellLaunch(start, false, null);
    }

    private ProcessStartInfo NewStartInfo(string program)
    {
        var start = new ProcessStartInfo
        {
            FileName = program,
            WorkingDirectory = _workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (_environment is not null)
        {
            start.Environment.Clear();
            foreach (var (name, value) in _environment)
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    private IEnumerable<KeyValuePair<string, string?>> Inherited() =>
        _environment ?? Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => KeyValuePair.Create((string)e.Key, e.Value as string));

    // Runs `bwrap <the arguments a command gets> true`: the same namespaces and mounts, so what passes here works later.
    private async Task<string?> ProbeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "bubblewrap is Linux-only";
        }

        var plan = new BwrapPlan(_workspace, [], [], [], SandboxEnvironment.Scrub(Inherited()), _options.NetworkOn, Environment.IsPrivilegedProcess);
        var start = NewStartInfo(_options.BwrapPath);
        foreach (var argument in BwrapArguments.Build(plan, ["true"]))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ProbeTimeout, _time);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return $"'{_options.BwrapPath} ... true' did not finish within {ProbeTimeout.TotalSeconds:0} s";
            }

            var message = (await stderr.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0
                ? null
                : $"'{_options.BwrapPath} ... true' exited with code {process.ExitCode}{(message.Length > 0 ? ": " + message : string.Empty)}";
        }
        catch (Win32Exception ex)
        {
            // The native error alone ("No such file or directory"): the exception's own text repeats the whole start.
            return $"'{_options.BwrapPath}' could not be started: {new Win32Exception(ex.NativeErrorCode).Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "SHELL_SANDBOX=auto: bubblewrap cannot run here ({Problem}), so shell commands run unsandboxed, checked by the command filter alone, " +
        "which is a guard, not a boundary. Install bubblewrap (Debian: apt-get install bubblewrap), or set SHELL_SANDBOX=off to accept this without the warning")]
    private static partial void LogNoSandbox(ILogger logger, string problem);
}
