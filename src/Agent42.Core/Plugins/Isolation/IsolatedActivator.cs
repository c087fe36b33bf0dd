using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Isolation;

/// <summary>
/// Activates a compiled tool file in a throwaway child process (<see cref="ActivationCommand"/>), so that
/// checking a file runs none of its code in the checking process: constructors, type initializers and the
/// Name, Description and Parameters getters run in the child, which answers with one
/// <see cref="ActivationReport"/> line and is then killed with every process under it. A child that does not
/// answer within PLUGIN_LOAD_TIMEOUT_SECONDS plus <see cref="StartSlack"/> is killed and the file gets A42303;
/// a child that ends without answering (a stack overflow, say) gets A42306.
/// </summary>
internal sealed class IsolatedActivator(ActivationCommand command, PluginOptions options, TimeProvider time)
{
    /// <summary>Time for the child to start and build its host, on top of the load deadline it applies itself.</summary>
    public static readonly TimeSpan StartSlack = TimeSpan.FromSeconds(15);

    private const int MaxErrorChars = 4096;

    public TimeSpan Deadline => TimeSpan.FromSeconds(options.LoadTimeoutSeconds) + StartSlack;

    public async Task<ActivationReport> ActivateAsync(PluginBuild build, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        // Armed before the child starts, so a fake clock advanced once the child is running fires it.
        using var deadline = new CancellationTokenSource(Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return ActivationReport.Failed(At(build, PluginDiagnosticCodes.ActivationProcessEnded,
                $"the check could not start the process that activates {Name(build)}'s tools ({command.FileName}): {ex.Message}"));
        }

        using (process)
        {
            var errors = ReadTailAsync(process.StandardError);
            var writing = WriteRequestAsync(process.StandardInput, build, linked.Token);
            try
            {
                var line = await process.StandardOutput.ReadLineAsync(linked.Token).ConfigureAwait(false);
                if (line is null)
                {
                    await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
                    var error = (await errors.ConfigureAwait(false)).Trim();
                    var firstLine = error.Split('\n', 2)[0].Trim();
                    return ActivationReport.Failed(At(build, PluginDiagnosticCodes.ActivationProcessEnded,
                        $"activating {Name(build)}'s tools ended the process that checked them (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}" +
                        (firstLine.Length > 0 ? $": {firstLine}" : string.Empty) +
                        "), which in a running host would have ended Agent42; look for unbounded recursion in a constructor or getter"));
                }

                try
                {
                    return ActivationReport.Read(line);
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    return ActivationReport.Failed(At(build, PluginDiagnosticCodes.ActivationProcessEnded,
                        $"the process that activated {Name(build)}'s tools gave an unreadable answer: {ex.Message}"));
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ActivationReport.Failed(At(build, PluginDiagnosticCodes.ActivationTimedOut,
                    $"activation of {Name(build)} did not finish within {Deadline.TotalSeconds:0.###} s " +
                    $"(PLUGIN_LOAD_TIMEOUT_SECONDS plus {StartSlack.TotalSeconds:0} s for the checking process to start); the process was stopped"));
            }
            finally
            {
                KillTree(process);
                await writing.ConfigureAwait(false);
            }
        }
    }

    private static PluginDiagnostic At(PluginBuild build, string code, string message) =>
        PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), code, message);

    private static string Name(PluginBuild build) => Path.GetFileName(build.FilePath);

    private static async Task WriteRequestAsync(StreamWriter input, PluginBuild build, CancellationToken cancellationToken)
    {
        try
        {
            var stream = input.BaseStream;
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    ActivationRequest.Write(writer, build);
                }

                await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The child ended or was killed before it read everything: what it said, or did not, is the result.
        }
    }

    /// <summary>The start of what the child wrote on stderr (a stack overflow writes a long trace), reading to the end.</summary>
    private static async Task<string> ReadTailAsync(StreamReader errors)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await errors.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                if (kept.Length < MaxErrorChars)
                {
                    kept.Append(buffer, 0, Math.Min(read, MaxErrorChars - kept.Length));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }

        return kept.ToString();
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
