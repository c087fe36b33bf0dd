using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Agent42.Tests.Support;

namespace Agent42.Tests.Mcp;

/// <summary>A real <c>agent42 mcp serve --http 127.0.0.1:0</c>, and the URL it printed on stderr.</summary>
internal sealed partial class HttpServe : IAsyncDisposable
{
    private readonly Process _process;

    private HttpServe(Process process, string url, ConcurrentQueue<string> stderr)
    {
        _process = process;
        Url = url;
        Stderr = stderr;
    }

    public string Url { get; }

    public ConcurrentQueue<string> Stderr { get; }

    public static async Task<HttpServe> StartAsync(string workspace, params string[] args)
    {
        var process = Process.Start(Agent42Process.StartInfo(workspace, null, ["mcp", "serve", "--http", "127.0.0.1:0", .. args]))!;
        var stderr = new ConcurrentQueue<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
            {
                stderr.Enqueue(line);
                if (ServingLine().Match(line) is { Success: true } match)
                {
                    _ = DrainAsync(process.StandardError, stderr);
                    return new HttpServe(process, match.Groups["url"].Value, stderr);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new AssertionException("mcp serve --http printed no address:\n" + string.Join('\n', stderr));
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"serving MCP \(Streamable HTTP\) on (?<url>http://\S+)")]
    private static partial Regex ServingLine();
}
