using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Agent42.Mcp;

/// <summary>Serves one client on the process's standard streams until it closes its end.</summary>
internal static class McpStdioServer
{
    public static async Task RunAsync(Stream input, Stream output, RegistryToolCollection tools, ILoggerFactory loggers,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = new McpServerOptions();
        McpServerSetup.Configure(options, tools);
        await using var transport = new StreamServerTransport(input, output, "agent42", loggers);
        await using var server = McpServer.Create(transport, options, loggers, services);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
