namespace Agent42.Core.Mcp;

/// <summary>One valid entry of <c>mcpServers</c>.</summary>
/// <param name="Name">The entry's key, as written.</param>
/// <param name="Transport">Stdio when the entry has a <c>command</c>, HTTP when it has a <c>url</c>.</param>
/// <param name="Command">The program to run (stdio).</param>
/// <param name="Args">Its arguments (stdio).</param>
/// <param name="Env">The variables the entry gives the server, <c>${NAME}</c> references already expanded (stdio).</param>
/// <param name="Url">The endpoint (HTTP).</param>
/// <param name="Headers">Headers sent with every request (HTTP), references expanded.</param>
internal sealed record McpServerConfig(
    string Name,
    McpTransport Transport,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    Uri? Url,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>What <c>mcp list</c> shows as the server's target: the command line, or the URL.</summary>
    public string Target => Transport == McpTransport.Http
        ? Url!.ToString()
        : string.Join(' ', new[] { Command! }.Concat(Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
}
