using Agent42.Core.Agent.Approval;
using Agent42.Core.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Agent42.Mcp;

/// <summary>
/// The MCP server's tool list, kept in line with the registry. The SDK sends <c>notifications/tools/list_changed</c>
/// to every connected session (over a <c>subscriptions/listen</c> stream for clients on newer revisions) when this
/// collection raises <see cref="McpServerPrimitiveCollection{T}.Changed"/>; <see cref="Notify"/> raises it once per
/// round of changes: the first change is sent at once, and the ones that arrive while a round is being applied are
/// merged into the next.
/// </summary>
internal sealed partial class RegistryToolCollection : McpServerPrimitiveCollection<McpServerTool>
{
    private readonly Lock _gate = new();
    private readonly ToolRegistry _registry;
    private readonly ApprovalMode _mode;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private bool _dirty;
    private bool _pumping;

    /// <param name="registry">The tools.</param>
    /// <param name="mode">The approval mode calls run under.</param>
    /// <param name="logger">Where a failed round is reported.</param>
    /// <param name="stopping">Cancels every call in flight: the client went away, or the server stops.</param>
    public RegistryToolCollection(ToolRegistry registry, ApprovalMode mode, ILogger logger, CancellationToken stopping)
        : base(StringComparer.Ordinal)
    {
        _stopping = stopping;
        _registry = registry;
        _mode = mode;
        _logger = logger;
        Sync();
    }

    /// <summary>Something changed (a tool added, updated, removed, or a file rejected with its last good version kept).</summary>
    public void Notify()
    {
        lock (_gate)
        {
            _dirty = true;
            if (_pumping)
            {
                return;
            }

            _pumping = true;
        }

        // Off the writer's thread: the watcher's worker (or whoever changed the registry) never waits on a client.
        _ = Task.Run(Pump, CancellationToken.None);
    }

    private void Pump()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_dirty)
                {
                    _pumping = false;
                    return;
                }

                _dirty = false;
            }

            try
            {
                using (DeferChangedEvents())
                {
                    Sync();
                    // An update keeps the name but may change the description or schema: always worth a notice.
                    RaiseChanged();
                }
            }
            catch (Exception ex)
            {
                // A failed round must not end the pump (nor, on the thread pool, the process); the next change retries.
                LogRoundFailed(ex);
            }
        }
    }

    private void Sync()
    {
        var live = _registry.Registrations.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tool in ToArray())
        {
            if (tool is RegistryMcpTool served && !live.Contains(served.Name))
            {
                Remove(tool);
            }
        }

        foreach (var name in live)
        {
            if (!TryGetPrimitive(name, out _))
            {
                TryAdd(new RegistryMcpTool(name, _registry, _mode, _stopping));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not bring the MCP tool list in line with the registry")]
    private partial void LogRoundFailed(Exception exception);
}
