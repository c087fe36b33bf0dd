using System.Net.Sockets;
using System.Security.Authentication;
using Agent42.Core.Http;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Http;

public sealed class NetworkFailureTests
{
    [TestCase(SocketError.ConnectionRefused)]
    [TestCase(SocketError.HostNotFound)]
    [TestCase(SocketError.TryAgain)]
    [TestCase(SocketError.HostUnreachable)]
    [TestCase(SocketError.NetworkUnreachable)]
    [TestCase(SocketError.TimedOut)]
    public void ASocketThatFoundNobody_IsUnreachable(SocketError error)
    {
        var failure = new HttpRequestException(HttpRequestError.ConnectionError, "no", new SocketException((int)error));

        Assert.That(NetworkFailure.IsUnreachable(failure), Is.True);
    }

    [Test]
    public void ANameThatDidNotResolve_IsUnreachable()
    {
        Assert.That(NetworkFailure.IsUnreachable(new HttpRequestException(HttpRequestError.NameResolutionError, "dns")), Is.True);
    }

    [Test]
    public void AResetOrATlsFailure_IsTheSourcesProblem_NotTheNetworks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NetworkFailure.IsUnreachable(new HttpRequestException(HttpRequestError.ConnectionError, "reset", new SocketException((int)SocketError.ConnectionReset))), Is.False);
            Assert.That(NetworkFailure.IsUnreachable(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls", new AuthenticationException("bad cert"))), Is.False);
            Assert.That(NetworkFailure.IsUnreachable(new HttpRequestException("Response status code does not indicate success: 500")), Is.False);
            Assert.That(NetworkFailure.IsUnreachable(new IOException("the response ended prematurely")), Is.False);
        });
    }

    [Test]
    public async Task AFetch_FromAClosedPort_IsUnreachable_AndAnHttp500_IsNot()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var fetch = new BoundedHttpFetch(http, TimeProvider.System, 30, "X_TIMEOUT", 1024, "a test allows");
        await using var server = await LocalHttpServer.StartAsync(app => app.Run(context => LocalHttpServer.WriteAsync(context, 500, "down")));

        var refused = Assert.ThrowsAsync<HttpFetchException>(() => fetch.GetStringAsync(new Uri("http://127.0.0.1:1/x"), null, CancellationToken.None));
        var broken = Assert.ThrowsAsync<HttpFetchException>(() => fetch.GetStringAsync(server.Url("x"), null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Unreachable, Is.True, refused.Message);
            Assert.That(broken!.Unreachable, Is.False, broken.Message);
        });
    }
}
