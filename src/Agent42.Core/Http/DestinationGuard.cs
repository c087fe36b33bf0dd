using System.Net;
using System.Net.Sockets;

namespace Agent42.Core.Http;

/// <summary>
/// The connect step of an HTTP handler (<see cref="SocketsHttpHandler.ConnectCallback"/>) that applies
/// <see cref="DestinationRule"/> to the address actually connected: the host is resolved here, every address
/// judged, and only an allowed one dialled. Checking the connection rather than the URL closes DNS rebinding,
/// odd IP spellings (<c>http://2130706433/</c>) and redirects alike, since every new connection comes through here.
/// </summary>
/// <param name="allowPrivate">Whether <see cref="DestinationRule.AllowSetting"/> lifts the rule.</param>
/// <param name="resolve">How a host name becomes addresses; DNS unless a test says otherwise.</param>
/// <param name="dial">
/// Where an allowed address is dialled; itself unless a test routes a made-up public address to its local server,
/// which keeps every other step (resolving, judging, refusing) the product's own.
/// </param>
internal sealed class DestinationGuard(
    bool allowPrivate,
    Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
    Func<IPEndPoint, IPEndPoint>? dial = null)
{
    /// <summary>A handler whose every connection goes through this guard, and never through a proxy.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, cancellationToken),
        // An environment proxy would connect on our behalf to wherever it is told, past this check.
        UseProxy = false,
    };

    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var target = dial?.Invoke(new IPEndPoint(address, endpoint.Port)) ?? new IPEndPoint(address, endpoint.Port);
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The addresses of <paramref name="host"/> that may be connected, or a refusal saying why none may.</summary>
    private async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        if (!allowPrivate && DestinationRule.RefusedName(bare) is { } nameReason)
        {
            throw Refused(bare, $"{bare} is {nameReason}");
        }

        var addresses = IPAddress.TryParse(bare, out var literal)
            ? [literal]
            : await (resolve ?? Dns.GetHostAddressesAsync)(bare, cancellationToken).ConfigureAwait(false);
        if (allowPrivate)
        {
            return addresses;
        }

        var allowed = addresses.Where(a => DestinationRule.RefusedClass(a) is null).ToList();
        if (allowed.Count == 0 && addresses.Length > 0)
        {
            var first = addresses[0];
            var name = first.ToString() == bare ? bare : $"{bare} ({first})";
            throw Refused(bare, $"{name} is a {DestinationRule.RefusedClass(first)} address");
        }

        return allowed;
    }

    private static DestinationRefusedException Refused(string host, string what) => new(host,
        $"refused: {what}; http_request only reaches public addresses (set {DestinationRule.AllowSetting}=true to allow private ones)");
}
