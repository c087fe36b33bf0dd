using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.Sandbox;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>
/// Runs a shell command in the workspace, after the command filter has allowed it, inside the OS sandbox when
/// <c>SHELL_SANDBOX</c> has one (see <see cref="ShellSandbox"/>).
/// </summary>
internal sealed class ShellTool : Tool<ShellTool.Arguments>
{
    private readonly CommandFilter _filter;
    private readonly ShellSandbox _shellSandbox;
    private readonly ToolOptions _options;
    private readonly TimeProvider _time;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal ShellTool(CommandFilter filter, ShellSandbox shellSandbox, ToolOptions options, TimeProvider time)
    {
        _filter = filter;
        _shellSandbox = shellSandbox;
        _options = options;
        _time = time;
    }

    // How long a killed command may take to go, so a child that escaped the kill cannot hold the call open.
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    public override string Name => "shell";

    public override string Description =>
        "Run one shell command in the workspace directory and return its exit code, stdout and stderr. " +
        "On Linux it runs in a sandbox: only the workspace and a private /tmp are writable, Agent42's own files and " +
        "credential directories are hidden, and there is no network unless SHELL_NETWORK=on. " +
        "Commands are checked by the command filter; destructive commands are refused.";

    protected override async Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        var launch = await _shellSandbox.PrepareAsync(arguments.Command, cancellationToken).ConfigureAwait(false);
        if (launch.Error is not null)
        {
            return ToolResult.Fail(launch.Error);
        }

        using var lease = launch.Lease;
        var check = _filter.Check(arguments.Command, launch.Sandboxed);
        if (!check.Allowed)
        {
            return ToolResult.Fail($"Command refused: {check}");
        }

        var limit = _options.ShellMaxOutputKb * 1024;
        var stdout = new CappedBuffer(limit);
        var stderr = new CappedBuffer(limit);
        using var process = new Process { StartInfo = launch.StartInfo! };
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Clamp(arguments.TimeoutSeconds ?? _options.ToolTimeoutSeconds, 1, _options.ToolTimeoutSeconds)), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Under the sandbox, killing bubblewrap ends its pid namespace and so every process the command started.
            process.Kill(entireProcessTree: true);
            await WaitForKillAsync(process).ConfigureAwait(false);
            var why = timeout.IsCancellationRequested ? "timed out" : "was cancelled";
            return ToolResult.Fail($"the command {why} and was killed", Format(null, stdout, stderr));
        }

        var output = Format(process.ExitCode, stdout, stderr);
        return process.ExitCode == 0
            ? ToolResult.Ok(output)
            : ToolResult.Fail($"the command exited with code {process.ExitCode}", output);
    }

    private async Task WaitForKillAsync(Process process)
    {
        using var grace = new CancellationTokenSource(KillGrace, _time);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Reported as killed all the same; what is left holds only an output pipe.
        }
    }

    private static string Format(int? exitCode, CappedBuffer stdout, CappedBuffer stderr)
    {
        var text = new StringBuilder();
        if (exitCode is not null)
        {
            text.Append("exit code: ").Append(exitCode).Append('\n');
        }

        text.Append(stdout.ToString());
        if (stderr.Length > 0)
        {
            text.Append("[stderr]\n").Append(stderr.ToString());
        }

        return text.ToString();
    }

    /// <summary>Arguments of shell.</summary>
    public sealed record Arguments(
        [property: Description("The command line, run by /bin/sh in the workspace directory.")] string Command,
        [property: Description("Seconds before the command is killed; at most TOOL_TIMEOUT_SECONDS.")] int? TimeoutSeconds = null);

    /// <summary>Collects output lines up to a byte limit, then notes how much was cut.</summary>
    private sealed class CappedBuffer(int limit)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();
        private long _dropped;

        public int Length
        {
            get
            {
                lock (_gate)
                {
                    return _text.Length;
                }
            }
        }

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_text.Length + line.Length + 1 > limit)
                {
                    _dropped += line.Length + 1;
                    return;
                }

                _text.Append(line).Append('\n');
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _dropped == 0 ? _text.ToString() : $"{_text}... ({_dropped} more characters cut; SHELL_MAX_OUTPUT_KB)\n";
            }
        }
    }
}
