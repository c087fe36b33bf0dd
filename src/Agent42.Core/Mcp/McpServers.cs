using Agent42.Core.Tools;
using Microsoft.Extensions.Logging;
using SdkTool = Agent42.Sdk.Tool;

namespace Agent42.Core.Mcp;

/// <summary>
/// The MCP servers of <c>.mcp.json</c>, run for as long as the host lives: started in the background on
/// <see cref="Start"/>, their tools kept in the registry under <see cref="McpToolNames"/> (swapped in one step whenever
/// any server's list changes), and their states for <c>mcp list</c>.
/// </summary>
internal sealed partial class McpServers : IAsyncDisposable, IDisposable
{
    /// <summary>The most tools one server may add: each is declared to the model on every request.</summary>
    public const int MaxToolsPerServer = 128;

    private readonly McpOptions _options;
    private readonly ToolOptions _toolOptions;
    private readonly string _configFile;
    private readonly McpLaunch _launch;
    private readonly Func<string, string?> _environment;
    private readonly ToolRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<McpServers> _logger;
    private readonly Lock _publishGate = new();
    private readonly Lock _startGate = new();
    private IReadOnlyDictionary<McpToolKey, McpToolEntry> _entries = new Dictionary<McpToolKey, McpToolEntry>();
    private McpConnection[] _connections = [];
    private McpConfig? _config;
    private bool _disposed;

    public McpServers(McpOptions options, ToolOptions toolOptions, string configFile, string workspace, Func<string, string?> environment,
        ToolRegistry registry, TimeProvider time, ILogger<McpServers> logger)
    {
        _options = options;
        _toolOptions = toolOptions;
        _configFile = configFile;
        _environment = environment;
        _launch = new McpLaunch(workspace, environment);
        _registry = registry;
        _time = time;
        _logger = logger;
    }

    /// <summary>The configuration read at <see cref="Start"/> (read then if not yet).</summary>
    public McpConfig Config => Start();

    /// <summary>Reads the configuration and starts every valid server in the background; later calls do nothing.</summary>
    public McpConfig Start()
    {
        lock (_startGate)
        {
            if (_config is not null)
            {
                return _config;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            _config = McpConfigReader.Read(_configFile, _environment);
            _connections = _config.Servers
                .Select(s => new McpConnection(s, _options, _launch, _time, _logger, Publish))
                .ToArray();
            foreach (var connection in _connections)
            {
                connection.Start();
            }

            return _config;
        }
    }

    /// <summary>
    /// Waits until every server's first attempt has connected or failed, or <see cref="McpOptions.StartWaitSeconds"/>
    /// has passed, whichever is first; a server still starting then keeps starting in the background.
    /// </summary>
    public async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        Start();
        var all = Task.WhenAll(_connections.Select(c => c.Settled));
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(_options.StartWaitSeconds), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded on purpose: the command goes on with the servers that are ready.
        }
    }

    /// <summary>Every configured server's state and tools, in the file's order.</summary>
    public IReadOnlyList<McpServerStatus> Statuses()
    {
        Start();
        var entries = Volatile.Read(ref _entries);
        return _connections.Select(c => c.Status(key => entries.TryGetValue(key, out var entry)
            ? entry
            : new McpToolEntry(key.Tool, null, "not registered yet"))).ToArray();
    }

    public void Dispose()
    {
        // The host is disposed synchronously by the commands; stopping means killing the servers' processes, which the
        // transports do on their disposal.
        DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        McpConnection[] connections;
        lock (_startGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connections = _connections;
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    // Called by a connection whenever its state or tool list changes: names every connected server's tools afresh
    // (a new tool on one server can make another's names need their hash) and swaps them all in at once.
    private void Publish()
    {
        lock (_publishGate)
        {
            var connected = Volatile.Read(ref _connections)
                .Select(c => c.Connected() is { } session ? (c.Config, session.Client, session.Tools) : default)
                .Where(s => s.Config is not null)
                .ToArray();
            var keys = connected.SelectMany(s => s.Tools.Take(MaxToolsPerServer).Select(t => new McpToolKey(s.Config.Name, t.Name))).ToArray();
            var names = McpToolNames.Assign(keys);
            var maxChars = _toolOptions.ShellMaxOutputKb * 1024;
            var snapshots = new List<(string Server, ToolSnapshot Tool)>();
            var entries = new Dictionary<McpToolKey, McpToolEntry>();
            foreach (var (config, client, tools) in connected)
            {
                foreach (var (tool, index) in tools.Select((t, i) => (t, i)))
                {
                    var key = new McpToolKey(config.Name, tool.Name);
                    if (index >= MaxToolsPerServer)
                    {
                        entries.TryAdd(key, new McpToolEntry(tool.Name, null, $"over the limit of {MaxToolsPerServer} tools per server"));
                        continue;
                    }

                    if (!names.TryGetValue(key, out var name))
                    {
                        entries[key] = new McpToolEntry(tool.Name, null, "its name clashes with another MCP tool's");
                        continue;
                    }

                    if (entries.ContainsKey(key))
                    {
                        // A server that lists one name twice: the first counts.
                        continue;
                    }

                    var readOnly = _options.TrustReadOnlyHints && tool.Annotations?.ReadOnlyHint == true;
                    var description = McpDescriptions.For(config.Name, tool);
                    SdkTool instance = new McpTool(client, key, name, description, McpDescriptions.Schema(tool), readOnly, maxChars);
                    snapshots.Add((config.Name, new ToolSnapshot(instance, name, description, instance.Parameters) { IsReadOnly = readOnly }));
                    entries[key] = new McpToolEntry(tool.Name, name, null);
                }
            }

            foreach (var rejection in _registry.ReplaceMcpTools(snapshots))
            {
                var key = entries.First(e => e.Value.Name == rejection.Name).Key;
                entries[key] = new McpToolEntry(key.Tool, null, rejection.Reason);
                LogRejected(key.Server, key.Tool, rejection.Reason);
            }

            Volatile.Write(ref _entries, entries);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}'s tool {Tool} was left out: {Reason}")]
    private partial void LogRejected(string server, string tool, string reason);
}
