using System.Text.Json;
using Agent42.Sdk;
using ModelContextProtocol.Client;

namespace Agent42.Core.Mcp;

/// <summary>
/// One tool of a connected MCP server, under its Agent42 name. Each call is a <c>tools/call</c> on the session it was
/// listed on; the registry's time-out or the caller cancels the token, and the SDK then sends
/// <c>notifications/cancelled</c> for the request.
/// </summary>
internal sealed class McpTool : Tool
{
    private readonly McpClient _client;
    private readonly int _maxChars;
    private readonly JsonElement _parameters;

    internal McpTool(McpClient client, McpToolKey key, string name, string description, JsonElement parameters, bool isReadOnly, int maxChars)
    {
        _client = client;
        Key = key;
        Name = name;
        Description = description;
        _parameters = parameters;
        IsReadOnly = isReadOnly;
        _maxChars = maxChars;
    }

    /// <summary>The server and the tool's own name.</summary>
    public McpToolKey Key { get; }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement Parameters => _parameters;

    public override bool IsReadOnly { get; }

    public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? values = null;
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            values = arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        }
        else if (arguments.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return ToolResult.Fail($"the arguments of {Name} must be a JSON object");
        }

        try
        {
            var result = await _client.CallToolAsync(Key.Tool, values, cancellationToken: cancellationToken).ConfigureAwait(false);
            return McpResults.ToToolResult(result, _maxChars);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The server's own error (a JSON-RPC error, a session that ended): a failed result naming the server.
            return ToolResult.Fail($"MCP server '{Key.Server}' failed the call of '{Key.Tool}': {ex.Message}");
        }
    }
}
