using System.Net;
using Microsoft.AspNetCore.Http;

namespace Agent42.Mcp;

/// <summary>
/// Refuses HTTP requests that name a host other than a loopback one, or come from a web page of another origin:
/// a page the user visits can make the browser send requests to 127.0.0.1, directly or through a name it made
/// resolve there (DNS rebinding), and the MCP specification asks servers to check Origin for that reason.
/// </summary>
internal static class LoopbackRequestGuard
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!IsLoopbackHost(context.Request.Host.Host) || (context.Request.Headers.Origin is { Count: > 0 } origin && !IsLoopbackOrigin(origin.ToString())))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("agent42 mcp serve answers loopback hosts and origins only\n").ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool IsLoopbackOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsLoopbackHost(uri.Host);
}
