using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Core.Mcp;

/// <summary>
/// Keeps one configured MCP server connected: starts it, initialises, lists its tools, re-lists them on
/// <c>notifications/tools/list_changed</c>, and when it fails to start, hangs, dies or answers garbage, reports why and
/// tries again after a wait that doubles from one second up to <see cref="McpOptions.RetryMaxSeconds"/>. Runs on its
/// own task, so no server holds up another or the host.
/// </summary>
internal sealed partial class McpConnection : IAsyncDisposable
{
    // A server that floods list_changed gets at most one re-list per this interval.
    private static readonly TimeSpan RelistInterval = TimeSpan.FromMilliseconds(200);

    private readonly McpOptions _options;
    private readonly McpLaunch _launch;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _relist = new(0, 1);
    private readonly Lock _gate = new();
    private McpServerState _state = McpServerState.Starting;
    private string? _reason;
    private DateTimeOffset? _retryAt;
    private int _attempts;
    private McpClient? _client;
    private IReadOnlyList<Tool> _tools = [];
    private Task _loop = Task.CompletedTask;

    public McpConnection(McpServerConfig config, McpOptions options, McpLaunch launch, TimeProvider time, ILogger logger, Action changed)
    {
        Config = config;
        _options = options;
        _launch = launch;
        _time = time;
        _logger = logger;
        _changed = changed;
    }

    public McpServerConfig Config { get; }

    /// <summary>Completes once the first attempt has connected or failed.</summary>
    public Task Settled => _settled.Task;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The session and the tools it listed, while connected.</summary>
    public (McpClient Client, IReadOnlyList<Tool> Tools)? Connected()
    {
        lock (_gate)
        {
            return _state == McpServerState.Connected && _client is not null ? (_client, _tools) : null;
        }
    }

    public McpServerStatus Status(Func<McpToolKey, McpToolEntry> entry)
    {
        lock (_gate)
        {
            var tools = _state == McpServerState.Connected
                ? _tools.Select(t => entry(new McpToolKey(Config.Name, t.Name))).ToArray()
                : [];
            return new McpServerStatus(Config, _state, _reason, _retryAt, _attempts, tools);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
        _relist.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            Set(McpServerState.Starting, null, null, attempt: true);
            var stderr = new McpStderrTail();
            McpClient? client = null;
            var connectedAt = 0L;
            string reason;
            try
            {
                client = await ConnectAsync(stderr, stop).ConfigureAwait(false);
                var tools = await ListAsync(client, stop).ConfigureAwait(false);
                connectedAt = _time.GetTimestamp();
                lock (_gate)
                {
                    _client = client;
                    _tools = tools;
                    _state = McpServerState.Connected;
                    _reason = null;
                    _retryAt = null;
                }

                LogConnected(Config.Name, tools.Count);
                _changed();
                _settled.TrySetResult();
                reason = await FollowAsync(client, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                reason = McpFailure.Describe(ex, _options.InitTimeoutSeconds);
            }
            finally
            {
                if (client is not null)
                {
                    lock (_gate)
                    {
                        _client = null;
                        _tools = [];
                    }

                    await McpFailure.DisposeQuietlyAsync(client).ConfigureAwait(false);
                }
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            // A server that stayed up for a while starts its backoff afresh; one that dies at once keeps doubling.
            if (connectedAt != 0 && _time.GetElapsedTime(connectedAt) >= TimeSpan.FromSeconds(_options.RetryMaxSeconds))
            {
                failures = 0;
            }

            failures++;
            var wait = TimeSpan.FromSeconds(Math.Min(_options.RetryMaxSeconds, Math.Pow(2, Math.Min(failures - 1, 30))));
            reason = stderr.AppendTo(reason);
            Set(McpServerState.Failed, reason, _time.GetUtcNow() + wait, attempt: false);
            LogFailed(Config.Name, reason, wait.TotalSeconds);
            _changed();
            _settled.TrySetResult();
            try
            {
                await Task.Delay(wait, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _settled.TrySetResult();
    }

    private async Task<McpClient> ConnectAsync(McpStderrTail stderr, CancellationToken stop)
    {
        var transport = _launch.Transport(Config, line =>
        {
            stderr.Add(line);
            LogStderr(Config.Name, line);
        });
        var initTimeout = TimeSpan.FromSeconds(_options.InitTimeoutSeconds);
        var clientOptions = ClientOptions(_options, _time, SignalRelist);

        // Also bounds starting the process and the discovery probe, which the initialisation time-out may not cover.
        using var timeout = new CancellationTokenSource(initTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            return await McpClient.CreateAsync(transport, clientOptions, NullLoggerFactory.Instance, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested
            && ((ex is OperationCanceledException && timeout.IsCancellationRequested) || ex is TimeoutException))
        {
            // The SDK's own "Initialization timed out" is the same event as ours: one message, naming the setting.
            throw new TimeoutException($"did not finish initialize within {_options.InitTimeoutSeconds} s (MCP_INIT_TIMEOUT_SECONDS)", ex);
        }
    }

    /// <summary>The SDK client's options for one attempt.</summary>
    /// <remarks>
    /// Agent42's own time-out bounds the attempt (process start, probe and initialize). The SDK's initialisation
    /// time-out is only a backstop set well past it: two timers with the same due time on one clock fire in either order,
    /// which made the reported reason depend on the race.
    /// </remarks>
    internal static McpClientOptions ClientOptions(McpOptions options, TimeProvider time, Action toolsChanged)
    {
        var initTimeout = TimeSpan.FromSeconds(options.InitTimeoutSeconds);
        return new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "agent42", Version = typeof(McpConnection).Assembly.GetName().Version?.ToString() ?? "0" },
            InitializationTimeout = initTimeout * 2 + TimeSpan.FromSeconds(5),
            DiscoverProbeTimeout = initTimeout < TimeSpan.FromSeconds(5) ? initTimeout : TimeSpan.FromSeconds(5),
            TimeProvider = time,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        toolsChanged();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
    }

    private async Task<IReadOnlyList<Tool>> ListAsync(McpClient client, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.InitTimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            var tools = await client.ListToolsAsync(cancellationToken: linked.Token).ConfigureAwait(false);
            return tools.Select(t => t.ProtocolTool).ToArray();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            throw new TimeoutException($"did not answer tools/list within {_options.InitTimeoutSeconds} s (MCP_INIT_TIMEOUT_SECONDS)");
        }
    }

    // Connected: waits for the session to end, re-listing the tools whenever the server says they changed.
    private async Task<string> FollowAsync(McpClient client, CancellationToken stop)
    {
        while (true)
        {
            var relist = _relist.WaitAsync(stop);
            var ended = await Task.WhenAny(client.Completion, relist).ConfigureAwait(false);
            if (ended == client.Completion)
            {
                return McpFailure.Ended(await client.Completion.ConfigureAwait(false));
            }

            await relist.ConfigureAwait(false);
            var tools = await ListAsync(client, stop).ConfigureAwait(false);
            lock (_gate)
            {
                _tools = tools;
            }

            LogRelisted(Config.Name, tools.Count);
            _changed();
            await Task.Delay(RelistInterval, _time, stop).ConfigureAwait(false);
        }
    }

    private void SignalRelist()
    {
        try
        {
            _relist.Release();
        }
        catch (SemaphoreFullException)
        {
            // A re-list is already due; it will see this change too.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private void Set(McpServerState state, string? reason, DateTimeOffset? retryAt, bool attempt)
    {
        lock (_gate)
        {
            _state = state;
            _reason = reason;
            _retryAt = retryAt;
            if (attempt)
            {
                _attempts++;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} connected with {Count} tools")]
    private partial void LogConnected(string server, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} changed its tools: {Count} now")]
    private partial void LogRelisted(string server, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} failed: {Reason}; retrying in {Seconds} s")]
    private partial void LogFailed(string server, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} stderr: {Line}")]
    private partial void LogStderr(string server, string line);
}
