using System.Net;
using Agent42.Core.Http;
using Agent42.Core.Tools;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>
/// The destination rule of http_request, through the tool, against a real server on 127.0.0.1 that counts what
/// reaches it: a refused request must not arrive at all.
/// </summary>
public sealed class HttpRequestDestinationTests : BuiltInToolFixture
{
    // A documentation address (TEST-NET-3) standing for a public server: the guard resolves and judges it like any
    // other, and only the final dial is routed to the local test server.
    private static readonly IPAddress PublicStandIn = IPAddress.Parse("203.0.113.7");

    private int _hits;

    private async Task<LocalHttpServer> StartServerAsync() => await LocalHttpServer.StartAsync(app =>
    {
        app.MapGet("/secret", (HttpContext context) =>
        {
            Interlocked.Increment(ref _hits);
            return LocalHttpServer.WriteAsync(context, 200, "the admin token");
        });
        app.MapGet("/hop", (HttpContext context) =>
        {
            context.Response.Redirect(context.Request.Query["to"]!);
            return Task.CompletedTask;
        });
    });

    private static HttpRequestTool CreateSut(bool allowPrivate = false, Dictionary<string, IPAddress>? names = null) =>
        new(new ToolOptions { HttpAllowPrivate = allowPrivate }, TimeProvider.System, new DestinationGuard(
            allowPrivate,
            (host, ct) => names?.TryGetValue(host, out var address) == true ? Task.FromResult(new[] { address }) : Dns.GetHostAddressesAsync(host, ct),
            endpoint => endpoint.Address.Equals(PublicStandIn) ? new IPEndPoint(IPAddress.Loopback, endpoint.Port) : endpoint));

    [Test]
    public async Task ALoopbackServer_IsRefusedByDefault_AndNothingReachesIt()
    {
        await using var server = await StartServerAsync();
        using var sut = new HttpRequestTool(new ToolOptions(), TimeProvider.System);

        var result = await CallAsync(sut, new { url = server.Url("secret").ToString() });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("refused: 127.0.0.1 is a loopback address"));
            Assert.That(result.Error, Does.Contain("HTTP_ALLOW_PRIVATE=true"));
            Assert.That(_hits, Is.Zero);
        });
    }

    [Test]
    public async Task ALoopbackServer_Answers_WhenTheSettingAllowsPrivateAddresses()
    {
        await using var server = await StartServerAsync();
        using var sut = new HttpRequestTool(new ToolOptions { HttpAllowPrivate = true }, TimeProvider.System);

        var result = await CallAsync(sut, new { url = server.Url("secret").ToString() });

        Assert.That(result.Output, Is.EqualTo("HTTP 200 OK\n\nthe admin token"));
    }

    [TestCase("localhost")]
    [TestCase("admin.localhost")]
    [TestCase("2130706433")]
    [TestCase("0x7f.1")]
    [TestCase("0177.0.0.1")]
    [TestCase("127.1")]
    [TestCase("[::ffff:127.0.0.1]")]
    [TestCase("[::1]")]
    [TestCase("[::]")]
    [TestCase("0.0.0.0")]
    public async Task EverySpellingOfThisMachine_IsRefused(string host)
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url = $"http://{host}:{server.BaseAddress.Port}/secret" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("refused:").And.Contain("HTTP_ALLOW_PRIVATE=true"));
            Assert.That(_hits, Is.Zero);
        });
    }

    [Test]
    public async Task APublicLookingName_ThatResolvesToLoopback_IsRefused()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut(names: new() { ["rebind.example"] = IPAddress.Loopback });

        var result = await CallAsync(sut, new { url = $"http://rebind.example:{server.BaseAddress.Port}/secret" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("refused: rebind.example (127.0.0.1) is a loopback address"));
            Assert.That(_hits, Is.Zero);
        });
    }

    [TestCase("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "169.254.169.254 is a cloud metadata address")]
    [TestCase("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a cloud metadata service")]
    [TestCase("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 is a private (unique local) address")]
    [TestCase("http://10.0.0.1:8080/", "10.0.0.1 is a private address")]
    [TestCase("http://100.100.100.200/latest/meta-data/", "100.100.100.200 is a shared (CGNAT) address")]
    public async Task MetadataAndPrivateDestinations_AreRefused(string url, string expected)
    {
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url });

        Assert.That(result.Error, Does.Contain("refused: " + expected));
    }

    [Test]
    public async Task APublicServer_IsReached_ThroughTheGuard()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut(names: new() { ["public.example"] = PublicStandIn });

        var result = await CallAsync(sut, new { url = $"http://public.example:{server.BaseAddress.Port}/secret" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Is.EqualTo("HTTP 200 OK\n\nthe admin token"));
            Assert.That(_hits, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ARedirectFromAPublicServer_ToLoopback_IsRefused()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut(names: new() { ["public.example"] = PublicStandIn });
        var target = Uri.EscapeDataString(server.Url("secret").ToString());

        var result = await CallAsync(sut, new { url = $"http://public.example:{server.BaseAddress.Port}/hop?to={target}" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("redirected to 127.0.0.1, which was refused: 127.0.0.1 is a loopback address"));
            Assert.That(result.Error, Does.Contain("HTTP_ALLOW_PRIVATE=true"));
            Assert.That(_hits, Is.Zero, "the redirect's target was never reached");
        });
    }

    [Test]
    public void TheGuardsHandler_UsesNoProxy_SinceAProxyWouldConnectPastTheCheck()
    {
        using var handler = new DestinationGuard(allowPrivate: false).CreateHandler();

        Assert.That(handler.UseProxy, Is.False);
    }
}
