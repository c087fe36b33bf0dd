using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Agent42.Tests.Support;

/// <summary>
/// A raw TCP server on 127.0.0.1 that answers each request with a 200 chat-completion head and then an answer body
/// of <c>x</c>s up to a given size, counting the bytes the socket accepted. Raw, not Kestrel: Kestrel turns writes after
/// the client hung up into no-ops, which would count bytes nobody read; a socket write fails instead, and blocks
/// while the client does not read, so <see cref="Sent"/> is what the client read plus the kernel's buffers.
/// </summary>
internal sealed class FloodingHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly long _bytes;
    private readonly bool _announceLength;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;

    public FloodingHttpServer(long bytes, bool announceLength)
    {
        _bytes = bytes;
        _announceLength = announceLength;
        _listener.Start();
        _ = ServeOneAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v1/");

    /// <summary>The body bytes the socket accepted before the client hung up (or the body ended).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Completes when the server has stopped writing.</summary>
    public Task Finished => _finished.Task;

    public void Dispose() => _listener.Stop();

    private async Task ServeOneAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await ReadHeadAsync(stream);
            var head = "{\"id\":\"gen-flood\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
            const string tail = "\"}}]}";
            var length = _announceLength ? $"Content-Length: {head.Length + _bytes + tail.Length}\r\n" : string.Empty;
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}Connection: close\r\n\r\n{head}"));
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var left = _bytes; left > 0; left -= chunk.Length)
            {
                var n = (int)Math.Min(chunk.Length, left);
                await stream.WriteAsync(chunk.AsMemory(0, n));
                Interlocked.Add(ref _sent, n);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(tail));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client hung up, as it should past its cap.
        }
        finally
        {
            _finished.TrySetResult();
        }
    }

    private static async Task ReadHeadAsync(NetworkStream stream)
    {
        // The request's head and its small JSON body: read until the blank line, then whatever else has arrived.
        var buffer = new byte[64 * 1024];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }
}
