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
    private readonly ControlPaths _controlPaths;
    private readonly string _workspace;
    private readonly string? _home;
    private readonly ILogger<ShellSandbox> _logger;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string?>? _environment;
    private readonly Lazy<Task<string?>> _problem;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _placeholders = new(StringComparer.Ordinal);
    private int _running;
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
        _controlPaths = controlPaths;
        _workspace = workspace.Root;
        _environment = environment;
        _home = Inherited().FirstOrDefault(e => e.Key == "HOME").Value is { Length: > 0 } home ? home : null;
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

    /// <summary>
    /// The plan for a command started now: the control paths and secret homes that exist are hidden or read-only. A
    /// control path in the workspace that does not exist yet is covered too (bubblewrap leaves an empty mount point on
    /// the host, added to <paramref name="placeholders"/>), so a command cannot create a <c>.env</c> or MCP server
    /// list that the next start would load.
    /// </summary>
    private BwrapPlan Plan(ICollection<string> placeholders)
    {
        var readOnly = new List<string>();
        var hiddenFiles = new List<string>();
        var hiddenDirectories = new List<string>();

        void Hide(string path)
        {
            // A path under the private /tmp but outside the workspace is not there to hide.
            // A path that holds the workspace cannot be hidden without hiding the workspace.
            if (IsUnder(path, "/tmp") && !IsUnder(path, _workspace) || IsUnder(_workspace, path))
            {
                return;
            }

            if (Directory.Exists(path))
            {
                hiddenDirectories.Add(path);
            }
            else if (File.Exists(path))
            {
                hiddenFiles.Add(path);
            }
        }

        foreach (var entry in _controlPaths.Entries)
        {
            var inWorkspace = IsUnder(entry.FullPath, _workspace) && !string.Equals(entry.FullPath, _workspace, StringComparison.Ordinal);
            var exists = File.Exists(entry.FullPath) || Directory.Exists(entry.FullPath);
            if (!exists && inWorkspace && Directory.Exists(Path.GetDirectoryName(entry.FullPath)))
            {
                // Nothing to read yet, so hidden and read-only come to the same: an empty, unwritable placeholder.
                (entry.IsDirectory ? hiddenDirectories : hiddenFiles).Add(entry.FullPath);
                placeholders.Add(entry.FullPath);
            }
            else if (entry.Access == ControlPathAccess.None)
            {
                Hide(entry.FullPath);
            }
            else if (inWorkspace && exists)
            {
                // Outside the workspace everything is read-only already.
                readOnly.Add(entry.FullPath);
            }
        }

        if (_home is not null)
        {
            foreach (var relative in SecretHomes.RelativePaths)
            {
                var full = Path.Combine(_home, relative);
                Hide(WorkspaceSandbox.ResolveLinks(full) ?? full);
            }
        }

        var environment = SandboxEnvironment.Scrub(Inherited());
        return new BwrapPlan(_workspace, readOnly, hiddenFiles, hiddenDirectories, environment, _options.NetworkOn, Environment.IsPrivilegedProcess);
    }

    private ShellLaunch Sandboxed(string command)
    {
        BwrapPlan plan;
        lock (_gate)
        {
            _running++;
            plan = Plan(_placeholders);
        }

        var start = NewStartInfo(_options.BwrapPath);
        foreach (var argument in BwrapArguments.Build(plan, ["/bin/sh", "-c", command]))
        {
            start.ArgumentList.Add(argument);
        }

        return new ShellLaunch(start, true, null, new Lease(this));
    }

    // When the last sandboxed command is gone, the mount points bubblewrap left for absent control paths go too. Not
    // while another runs: unlinking a mount point would unmount it in that command's sandbox.
    private void Release()
    {
        lock (_gate)
        {
            if (--_running > 0)
            {
                return;
            }

            foreach (var path in _placeholders)
            {
                RemovePlaceholder(path);
            }

            _placeholders.Clear();
        }
    }

    private static void RemovePlaceholder(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length == 0 && file.LinkTarget is null)
            {
                file.Delete();
            }
            else if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Left in place: an empty file or directory is harmless, and the next release tries again.
        }
        catch (UnauthorizedAccessException)
        {
        }
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

    private sealed class Lease(ShellSandbox owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }

    private static bool IsUnder(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "SHELL_SANDBOX=auto: bubblewrap cannot run here ({Problem}), so shell commands run unsandboxed, checked by the command filter alone, " +
        "which is a guard, not a boundary. Install bubblewrap (Debian: apt-get install bubblewrap), or set SHELL_SANDBOX=off to accept this without the warning")]
    private static partial void LogNoSandbox(ILogger logger, string problem);
}
