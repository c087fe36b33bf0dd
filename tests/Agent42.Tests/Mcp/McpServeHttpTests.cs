using System.Net;
using Agent42.Tests.Support;
using ModelContextProtocol.Client;

namespace Agent42.Tests.Mcp;

/// <summary>
/// <c>mcp serve --http</c>: it binds loopback only, refuses requests that name another host or come from another
/// origin (a web page reaching 127.0.0.1, or DNS rebinding), and serves the C# SDK's client.
/// </summary>
[Category("Mcp")]
public sealed class McpServeHttpTests
{
    [TestCase("0.0.0.0:8765")]
    [TestCase("192.168.1.10:8765")]
    [TestCase("example.com:8765")]
    [TestCase("127.0.0.1")]
    public async Task Http_RefusesAnAddressThatIsNotLoopback(string endpoint)
    {
        using var workspace = new TempDirectory();
        var outcome = await Agent42Process.RunAsync(workspace.Path, null, TimeSpan.FromMinutes(1), "mcp", "serve", "--http", endpoint);
        Assert.That(outcome.ExitCode, Is.EqualTo(2), outcome.Error);
        Assert.That(outcome.Error, Does.Contain("--http"));
        Assert.That(outcome.Out, Is.Empty);
    }

    [Test]
    public async Task Http_ServesTheCSharpClient_AndRefusesAForeignHostOrOrigin()
    {
        using var workspace = new TempDirectory();
        workspace.Write("notes.txt", "over http");
        await using var server = await HttpServe.StartAsync(workspace.Path);

        await using (var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(server.Url) })))
        {
            var read = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "notes.txt" });
            Assert.That(read.IsError, Is.Not.True);
        }

        using var http = new HttpClient();
        using var foreignHost = new HttpRequestMessage(HttpMethod.Post, server.Url) { Content = new StringContent("{}") };
        foreignHost.Headers.Host = "attacker.example";
        Assert.That((await http.SendAsync(foreignHost)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var foreignOrigin = new HttpRequestMessage(HttpMethod.Post, server.Url) { Content = new StringContent("{}") };
        foreignOrigin.Headers.Add("Origin", "https://attacker.example");
        Assert.That((await http.SendAsync(foreignOrigin)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
