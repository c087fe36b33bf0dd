using System.Net;

namespace Agent42.Mcp;

/// <summary>
/// The address <c>mcp serve --http</c> binds: a loopback address and a port, nothing else. The server has no
/// authentication and its tools write files and run commands as this user, so an address other machines can reach
/// would hand them the user's account; a client on another machine can reach a loopback server through a tunnel
/// the user sets up on purpose (ssh -L).
/// </summary>
internal static class LoopbackEndpoint
{
    public static IPEndPoint Parse(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon > 0 && trimmed[..colon].Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = "127.0.0.1" + trimmed[colon..];
        }

        // A port is required, and an IPv6 address goes in brackets ("::1" alone would read as port 0 or as part of the address).
        if (!IPEndPoint.TryParse(trimmed, out var endpoint) || colon < 0
            || (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !trimmed.StartsWith('['))
            || (trimmed.StartsWith('[') && !trimmed.Contains("]:", StringComparison.Ordinal)))
        {
            throw new FormatException($"--http takes ADDRESS:PORT, such as 127.0.0.1:8765 (got '{text}')");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new FormatException(
                $"--http {text}: only a loopback address (127.0.0.1, [::1] or localhost) may be bound: the server has no authentication, " +
                "and its tools write files and run commands as you; to reach it from elsewhere, tunnel to it (ssh -L)");
        }

        return endpoint;
    }
}
