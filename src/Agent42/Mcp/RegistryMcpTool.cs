using Agent42.Core.Agent.Approval;
using Agent42.Core.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Agent42.Mcp;

/// <summary>
/// One registry name served over MCP. It holds no version of the tool: its description and schema are those of
/// the registration live when a client lists, and a call runs on the registration live when it arrives (which the
/// registry keeps until the call returns, so a reload in between never swaps the code under a running call).
/// </summary>
internal sealed class RegistryMcpTool(string name, ToolRegistry registry, ApprovalMode mode, CancellationToken stopping) : McpServerTool
{
    private readonly Lock _gate = new();
    private ToolRegistration? _mapped;
    private Tool? _protocolTool;

    public string Name => name;

    public override Tool ProtocolTool
    {
        get
        {
            var live = registry.Find(name);
            lock (_gate)
            {
                if (live is not null && !ReferenceEquals(live, _mapped))
                {
                    _protocolTool = McpToolMapping.ToProtocolTool(live);
                    _mapped = live;
                }

                // A name removed a moment ago still lists as it last was, until the collection drops it.
                return _protocolTool ?? new Tool { Name = name };
            }
        }
    }

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var registration = registry.Find(name);
        if (registration is null)
        {
            return McpToolMapping.Error($"Unknown tool '{name}': it was removed");
        }

        // The agent's rule, with no one to ask: the MCP client is where a person approves calls.
        if (ApprovalPolicy.Decide(mode, registration.Snapshot.IsReadOnly) != ApprovalStep.Run)
        {
            return McpToolMapping.Error(ApprovalPolicy.RefusedReadOnly(name));
        }

        var arguments = McpToolMapping.Arguments(request.Params?.Arguments);
        // The client's notifications/cancelled arrives as cancellationToken; its going away, or the server stopping, as stopping.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var result = await registry.ExecuteAsync(registration, arguments, linked.Token).ConfigureAwait(false);
        return McpToolMapping.ToCallToolResult(result);
    }
}
