using System.Net.Http;
using System.Net.Sockets;

namespace Agent42.Core.Http;

/// <summary>
/// Whether a failed request only means "no network": the name did not resolve, the connection was refused or had no
/// route, or nothing answered in time. Such a failure says nothing about the source, so it is reported once, briefly;
/// anything that reached a server (an HTTP error, a reset mid-body, a TLS failure, garbage) is the source's own problem.
/// </summary>
internal static class NetworkFailure
{
    public static bool IsUnreachable(Exception exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
        {
            return true;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData
                    or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                    or SocketError.NetworkDown or SocketError.TimedOut or SocketError.HostDown;
            }
        }

        return false;
    }
}
