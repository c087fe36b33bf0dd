using Agent42.Core.Configuration;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Core.Tools;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Tools.BuiltIn;

public sealed class HttpRequestToolTests : BuiltInToolFixture
{
    private static Task<LocalHttpServer> StartServerAsync() => LocalHttpServer.StartAsync(app =>
    {
        app.MapGet("/hello", () => "hello there");
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await LocalHttpServer.WriteAsync(context, 200, $"{context.Request.ContentType}|{context.Request.Headers["X-Test"]}|{body}");
        });
        app.MapGet("/missing", (HttpContext context) => LocalHttpServer.WriteAsync(context, 404, "nope"));
        app.MapGet("/big", () => new string('z', 3000));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return "late";
        });
    });

    // The test servers listen on 127.0.0.1, which the destination rule refuses unless HTTP_ALLOW_PRIVATE lifts it.
    private HttpRequestTool CreateSut(int maxKb = 1, int timeoutSeconds = 30) =>
        new(new ToolOptions { HttpMaxResponseKb = maxKb, HttpTimeoutSeconds = timeoutSeconds, HttpAllowPrivate = true }, TimeProvider.System);

    [Test]
    public async Task Get_ReturnsStatusAndBody()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url = server.Url("hello").ToString() });

        Assert.That(result.Output, Is.EqualTo("HTTP 200 OK\n\nhello there"));
    }

    [Test]
    public async Task Post_SendsBodyHeadersAndContentType()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut();

        var result = await CallAsync(sut, new
        {
            url = server.Url("echo").ToString(),
            method = "post",
            body = "{\"a\":1}",
            headers = new Dictionary<string, string> { ["X-Test"] = "yes" },
        });

        Assert.That(result.Output, Is.EqualTo("HTTP 200 OK\n\napplication/json; charset=utf-8|yes|{\"a\":1}"));
    }

    [Test]
    public async Task NotFound_IsAFailedResultWithTheBody()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url = server.Url("missing").ToString() });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("HTTP 404 Not Found"));
            Assert.That(result.Output, Is.EqualTo("HTTP 404 Not Found\n\nnope"));
        });
    }

    [Test]
    public async Task LargeBody_IsCutAtTheLimit()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut(maxKb: 1);

        var result = await CallAsync(sut, new { url = server.Url("big").ToString() });

        Assert.That(result.Output, Is.EqualTo("HTTP 200 OK\n\n" + new string('z', 1024) + "\n... (body cut at 1 KB; HTTP_MAX_RESPONSE_KB)"));
    }

    [Test]
    public async Task SlowServer_TimesOut()
    {
        await using var server = await StartServerAsync();
        using var sut = CreateSut(timeoutSeconds: 1);

        var result = await CallAsync(sut, new { url = server.Url("slow").ToString() });

        Assert.That(result.Error, Is.EqualTo("no response from 127.0.0.1 within 1 s (HTTP_TIMEOUT_SECONDS)"));
    }

    [TestCase("file:///etc/passwd", "'file:///etc/passwd' is not an absolute http or https URL")]
    [TestCase("not a url", "'not a url' is not an absolute http or https URL")]
    public async Task NonHttpUrl_IsRefused(string url, string expected)
    {
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url });

        Assert.That(result.Error, Is.EqualTo(expected));
    }

    [Test]
    public async Task UnsupportedMethod_IsRefused()
    {
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url = "http://127.0.0.1:1/", method = "DELETE" });

        Assert.That(result.Error, Is.EqualTo("method must be GET or POST, not 'DELETE'"));
    }

    [Test]
    public async Task ConnectionRefused_IsAFailedResult()
    {
        using var sut = CreateSut();

        var result = await CallAsync(sut, new { url = "http://127.0.0.1:1/" });

        Assert.That(result.Error, Does.StartWith("request to http://127.0.0.1:1/ failed:"));
    }
}
