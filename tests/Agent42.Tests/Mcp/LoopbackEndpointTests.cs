using System.Net;
using Agent42.Mcp;

namespace Agent42.Tests.Mcp;

public sealed class LoopbackEndpointTests
{
    [TestCase("127.0.0.1:8765", "127.0.0.1:8765")]
    [TestCase("127.0.0.2:0", "127.0.0.2:0")]
    [TestCase("[::1]:8765", "[::1]:8765")]
    [TestCase("localhost:8765", "127.0.0.1:8765")]
    [TestCase(" LOCALHOST:1 ", "127.0.0.1:1")]
    public void Parse_TakesALoopbackAddressAndPort(string text, string expected) =>
        Assert.That(LoopbackEndpoint.Parse(text), Is.EqualTo(IPEndPoint.Parse(expected)));

    [TestCase("0.0.0.0:8765", "only a loopback address")]
    [TestCase("[::]:8765", "only a loopback address")]
    [TestCase("10.0.0.5:8765", "only a loopback address")]
    [TestCase("example.com:8765", "ADDRESS:PORT")]
    [TestCase("127.0.0.1", "ADDRESS:PORT")]
    [TestCase("::1", "ADDRESS:PORT")]
    [TestCase("127.0.0.1:99999", "ADDRESS:PORT")]
    [TestCase("", "ADDRESS:PORT")]
    public void Parse_RefusesAnythingElse_SayingWhy(string text, string reason) =>
        Assert.That(() => LoopbackEndpoint.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
}
