using System.Collections.Concurrent;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agent42.Tests.Support;

/// <summary>
/// The real <c>agent42 mcp serve</c> as a separate process, driven by the official C# SDK's client over stdio: the
/// server's stderr lines are kept, and every <c>notifications/tools/list_changed</c> it sends is counted.
/// </summary>
internal sealed class McpServeSession : IAsyncDisposable
{
    private readonly Channel<int> _listChanged = Channel.CreateUnbounded<int>();
    private int _listChangedCount;

    private McpClient? _client;

    public McpClient Client => _client ?? throw new InvalidOperationException("not connected");

    public ConcurrentQueue<string> Stderr { get; } = new();

    public int ListChangedCount => Volatile.Read(ref _listChangedCount);

    /// <summary>Starts <c>agent42 mcp serve args...</c> in <paramref name="workspace"/> and connects.</summary>
    public static async Task<McpServeSession> StartAsync(string workspace, IReadOnlyDictionary<string, string?>? environment = null,
        string? protocolVersion = null, params string[] args)
    {
        var start = Agent42Process.StartInfo(workspace, environment, ["mcp", "serve", .. args]);
        var session = new McpServeSession();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "agent42",
            Command = start.FileName,
            Arguments = [.. start.ArgumentList],
            WorkingDirectory = workspace,
            EnvironmentVariables = start.Environment.ToDictionary(e => e.Key, e => e.Value),
            StandardErrorLines = session.Stderr.Enqueue,
        });
        var options = new McpClientOptions
        {
            // The revision the deployed clients speak (the TypeScript SDK, so Claude Code and others): its list_changed goes to
            // the session; 2026-07-28 clients get it only over a subscriptions/listen stream they open.
            ProtocolVersion = protocolVersion ?? "2025-11-25",
            InitializationTimeout = TimeSpan.FromMinutes(1),
            // The server answers once its tools are loaded (seconds, with a cold compile): a short probe would fall back.
            DiscoverProbeTimeout = TimeSpan.FromMinutes(1),
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        session.OnListChanged();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        session._client = await McpClient.CreateAsync(transport, options);
        return session;
    }

    /// <summary>Waits for the next list_changed after the <paramref name="seen"/>-th (or fails after a minute).</summary>
    public async Task WaitForListChangedAsync(int seen)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (ListChangedCount <= seen)
        {
            await _listChanged.Reader.ReadAsync(limit.Token);
        }
    }

    /// <summary>Polls tools/list until <paramref name="condition"/> holds for it (or a minute passes).</summary>
    public async Task<IList<McpClientTool>> ListUntilAsync(Func<IList<McpClientTool>, bool> condition)
    {
        IList<McpClientTool> tools = [];
        var met = await Poll.UntilAsync(async () => condition(tools = await Client.ListToolsAsync()), TimeSpan.FromMinutes(1));
        Assert.That(met, Is.True, $"tools/list never met the condition; last: {string.Join(", ", tools.Select(t => t.Name))}\n{string.Join('\n', Stderr)}");
        return tools;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private void OnListChanged()
    {
        Interlocked.Increment(ref _listChangedCount);
        _listChanged.Writer.TryWrite(0);
    }
}
