using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Agent42.Mcp;

/// <summary>The server options both transports share: who we are, and a tool list that says when it changes.</summary>
internal static class McpServerSetup
{
    public static void Configure(McpServerOptions options, RegistryToolCollection tools)
    {
        options.ServerInfo = new Implementation
        {
            Name = "agent42",
            Version = typeof(McpServerSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        };
        options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } };
        options.ToolCollection = tools;
        options.ServerInstructions =
            "Agent42's tools: file tools confined to the workspace, a sandboxed shell, http_request, and the custom C# tools " +
            "in its tools directory, which reload live (tools/list_changed).";
    }
}
