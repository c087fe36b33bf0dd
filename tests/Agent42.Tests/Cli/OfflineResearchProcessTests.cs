using System.Diagnostics;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>A real shell process whose research sources cannot be reached: one brief line, not a warning per source.</summary>
public sealed class OfflineResearchProcessTests : IDisposable
{
    private const string Closed = "http://127.0.0.1:1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Test]
    public async Task TheShell_WithNoNetwork_SaysResearchIsOfflineOnce()
    {
        var start = Agent42Process.StartInfo(_directory.Path, new Dictionary<string, string?>
        {
            ["MODEL_RESEARCH_ENABLED"] = "true",
            ["OPENROUTER_BASE_URL"] = Closed + "/api/v1",
            ["MODEL_RESEARCH_LMARENA_URL"] = Closed + "/arena.csv",
            ["MODEL_RESEARCH_PAGES"] = Closed + "/a," + Closed + "/b",
        });
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var offline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                errors.Enqueue(line);
                if (line.Contains("research: offline", StringComparison.Ordinal))
                {
                    offline.TrySetResult();
                }
            }
        });
        await process.StandardInput.WriteLineAsync("/help");
        await process.StandardInput.FlushAsync();
        var said = await Task.WhenAny(offline.Task, Task.Delay(Patience, TimeProvider.System)) == offline.Task;
        await process.StandardInput.WriteLineAsync("/quit");
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await pump;
        var error = string.Join('\n', errors);
        Assert.Multiple(async () =>
        {
            Assert.That(said, Is.True, error + await stdout);
            Assert.That(error.Split('\n').Count(l => l.Contains("research: offline", StringComparison.Ordinal)), Is.EqualTo(1), error);
            Assert.That(error, Does.Not.Contain("Model research source"));
            Assert.That(process.ExitCode, Is.Zero, error);
        });
    }
}
