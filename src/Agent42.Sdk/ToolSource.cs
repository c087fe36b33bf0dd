namespace Agent42.Sdk;

/// <summary>Where a registered tool came from.</summary>
public enum ToolSource
{
    /// <summary>Shipped with Agent42.</summary>
    BuiltIn,

    /// <summary>Compiled from a file in the custom tools directory.</summary>
    Plugin,

    /// <summary>Listed by an MCP server configured in <c>.mcp.json</c>; <see cref="ToolInfo.FilePath"/> is then the server's name.</summary>
    Mcp,
}
