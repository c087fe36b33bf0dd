using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;

namespace Agent42.Mcp;

/// <summary>
/// Serves Streamable HTTP on one loopback endpoint, at <c>/mcp</c>, to any number of clients at once; each session
/// gets the shared tool list and so every <c>list_changed</c>.
/// </summary>
internal static class McpHttpServer
{
    public const string Path = "/mcp";

    public static async Task RunAsync(IPEndPoint endpoint, RegistryToolCollection tools, ILoggerFactory loggers, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        // The empty builder reads no appsettings.json or ASPNETCORE_ variables: a workspace's files must not move the endpoint.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddMcpServer(options => McpServerSetup.Configure(options, tools))
            // Sessions, so that a change reaches every client unasked.
            .WithHttpTransport(http => http.SessionMode = HttpServerSessionMode.Stateful);

        await using var app = builder.Build();
        app.Use((context, next) => LoopbackRequestGuard.InvokeAsync(context, () => next(context)));
        app.MapMcp(Path);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await stderr.WriteLineAsync($"serving MCP (Streamable HTTP) on {address}{Path}").ConfigureAwait(false);
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task.ConfigureAwait(false);
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
