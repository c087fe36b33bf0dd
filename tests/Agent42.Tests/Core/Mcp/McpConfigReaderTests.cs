using Agent42.Core.Mcp;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Mcp;

public sealed class McpConfigReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File(string text) => _dir.Write(".mcp.json", text);

    private static McpConfig Read(string path) => McpConfigReader.Read(path, name => name == "GH" ? "gh-token" : null);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  \n")]
    [TestCase("{}")]
    [TestCase("""{"mcpServers": {}}""")]
    public void MissingEmptyOrServerlessFile_IsNoServers_AndNoProblem(string? text)
    {
        var path = text is null ? _dir.Combine(".mcp.json") : File(text);

        var config = Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(config.Servers, Is.Empty);
            Assert.That(config.Problems, Is.Empty);
        });
    }

    [Test]
    public void TheUsualShape_ReadsStdioAndHttpServers()
    {
        var path = File("""
            {
              "mcpServers": {
                "files": {"command": "npx", "args": ["-y", "server-files", "."], "env": {"TOKEN": "${GH}", "PLAIN": "x"}},
                "remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${GH}"}}
              }
            }
            """);

        var config = Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(config.Problems, Is.Empty);
            Assert.That(config.Servers.Select(s => s.Name), Is.EqualTo(new[] { "files", "remote" }));
            Assert.That(config.Servers[0].Transport, Is.EqualTo(McpTransport.Stdio));
            Assert.That(config.Servers[0].Args, Is.EqualTo(new[] { "-y", "server-files", "." }));
            Assert.That(config.Servers[0].Env, Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "gh-token", ["PLAIN"] = "x" }));
            Assert.That(config.Servers[1].Transport, Is.EqualTo(McpTransport.Http));
            Assert.That(config.Servers[1].Url, Is.EqualTo(new Uri("https://mcp.example.com/mcp")));
            Assert.That(config.Servers[1].Headers["Authorization"], Is.EqualTo("Bearer gh-token"));
        });
    }

    [Test]
    public void NotJson_IsOneProblemNamingTheFileAndLine_AndNoServers()
    {
        var path = File("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"\n  }\n");

        var config = Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(config.Servers, Is.Empty);
            Assert.That(config.Problems, Has.Count.EqualTo(1));
            Assert.That(config.Problems[0], Does.StartWith(path + ": line ").And.Contain("not valid JSON"));
        });
    }

    [TestCase("[]", "line 1: expected an object")]
    [TestCase("""{"mcpServers": []}""", "line 1: mcpServers must be an object")]
    [TestCase("\"servers\"", "expected an object")]
    public void AnUnknownShape_IsOneProblem(string text, string expected)
    {
        var config = Read(File(text));

        Assert.Multiple(() =>
        {
            Assert.That(config.Servers, Is.Empty);
            Assert.That(config.Problems.Single(), Does.Contain(expected));
        });
    }

    [Test]
    public void ABadEntry_IsOneProblemWithItsLineAndField_AndTheOthersStillCount()
    {
        var path = File("""
            {
              "mcpServers": {
                "good": {"command": "node"},
                "bad name/..": {"command": "node"},
                "both": {"command": "node", "url": "http://127.0.0.1:1/mcp"},
                "number": {"command": 42},
                "args": {"command": "node", "args": "not-an-array"},
                "env": {"command": "node", "env": {"A": 1}},
                "sse": {"type": "sse", "url": "http://127.0.0.1:1/sse"},
                "ftp": {"url": "ftp://example.com"},
                "also-good": {"url": "http://127.0.0.1:9/mcp"}
              }
            }
            """);

        var config = Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(config.Servers.Select(s => s.Name), Is.EqualTo(new[] { "good", "also-good" }));
            Assert.That(config.Problems, Has.Count.EqualTo(7));
            Assert.That(config.Problems[0], Is.EqualTo($"{path}: line 4: mcpServers.bad name/..: the server name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit"));
            Assert.That(config.Problems[1], Does.Contain("line 5: mcpServers.both: give exactly one of"));
            Assert.That(config.Problems[2], Does.Contain("line 6: mcpServers.number.command: must be a string, got a number"));
            Assert.That(config.Problems[3], Does.Contain("line 7: mcpServers.args.args: must be an array of strings"));
            Assert.That(config.Problems[4], Does.Contain("line 8: mcpServers.env.env: must be an object of string values"));
            Assert.That(config.Problems[5], Does.Contain("line 9: mcpServers.sse.type: \"sse\" is not a transport"));
            Assert.That(config.Problems[6], Does.Contain("line 10: mcpServers.ftp.url"));
        });
    }

    [Test]
    public void ANameGivenTwice_CountsOnce_WithAProblem()
    {
        var config = Read(File("""{"mcpServers": {"a": {"command": "one"}, "a": {"command": "two"}}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(config.Servers.Single().Command, Is.EqualTo("one"));
            Assert.That(config.Problems.Single(), Does.Contain("mcpServers.a: the name is given twice"));
        });
    }

    [Test]
    public void ADirectoryAtThePath_IsNamed_NotTakenForNoFile()
    {
        var path = _dir.Combine(".mcp.json");
        Directory.CreateDirectory(path);

        var config = Read(path);

        Assert.That(config.Problems.Single(), Does.StartWith(path + " is a directory, not a regular file"));
    }

    [Test]
    public async Task AFifoAtThePath_IsNamed_AndNeverOpenedBlocking()
    {
        var path = _dir.Combine(".mcp.json");
        Posix.MakeFifo(path);

        var config = await Task.Run(() => Read(path)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(config.Problems.Single(), Does.StartWith(path + " is a FIFO").And.Contain("not a regular file"));
    }
}
