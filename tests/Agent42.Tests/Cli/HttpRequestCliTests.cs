using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Agent42.Tests.Cli;

/// <summary>http_request through the real command line: the destination rule is on by default and the setting lifts it.</summary>
public sealed class HttpRequestCliTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Test]
    public async Task ALoopbackUrl_IsRefusedByDefault_AndAnswers_WithHttpAllowPrivate()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/admin", () => "admin page"));
        var arguments = $$"""{"url":"{{server.Url("admin")}}"}""";

        var refused = await _cli.RunAsync("tools", "call", "http_request", "--args", arguments);
        _cli.Environment["HTTP_ALLOW_PRIVATE"] = "true";
        var allowed = await _cli.RunAsync("tools", "call", "http_request", "--args", arguments);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Out + refused.Error, Does.Contain("127.0.0.1 is a loopback address").And.Contain("HTTP_ALLOW_PRIVATE=true"));
            Assert.That(allowed.ExitCode, Is.Zero, allowed.Error);
            Assert.That(allowed.Out, Does.Contain("admin page"));
        });
    }
}
