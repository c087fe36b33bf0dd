using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Mcp;

/// <summary>Registers the MCP servers of the configured <c>.mcp.json</c>; nothing starts until a command asks for the tools.</summary>
internal static class McpServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Mcp(this IServiceCollection services, McpOptions options, ControlPaths controlPaths, Agent42Paths paths)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp =>
        {
            // The configuration holds the environment and .env: the servers' base variables and ${NAME} references
            // come from there, so a test's or a .env's values are the ones used.
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new McpServers(options, sp.GetRequiredService<ToolOptions>(), controlPaths.McpConfigFile, paths.Workspace,
                name => configuration[name], sp.GetRequiredService<ToolRegistry>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<McpServers>>());
        });
        return services;
    }
}
