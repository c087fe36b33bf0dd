namespace Agent42.Core.Mcp;

/// <summary>What <c>.mcp.json</c> holds: the servers that are valid, and one line per problem (the file's, or an entry's).</summary>
/// <param name="File">The file read.</param>
/// <param name="Servers">The valid entries, in the file's order.</param>
/// <param name="Problems">Each problem, naming the file, the line and the field.</param>
internal sealed record McpConfig(string File, IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<string> Problems)
{
    public static McpConfig None(string file) => new(file, [], []);
}
