using System.Text.Json;

namespace Agent42.Tests.Cli;

public sealed class ToolsCommandTests : IDisposable
{
    private static readonly string[] BuiltIns = ["edit_file", "grep", "http_request", "list_dir", "read_file", "shell", "write_file"];
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Test]
    public async Task List_ShowsEveryBuiltInTool()
    {
        var outcome = await _cli.RunAsync("tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            foreach (var name in BuiltIns)
            {
                Assert.That(outcome.Out, Does.Contain(name));
            }

            Assert.That(outcome.Out, Does.Contain("7 tools."));
        });
    }

    [Test]
    public async Task ListJson_IsAnArrayOfNameDescriptionSourceFile()
    {
        var outcome = await _cli.RunAsync("tools", "list", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        var first = json.RootElement[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()), Is.EqualTo(BuiltIns));
            Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "name", "description", "source", "file" }));
            Assert.That(first.GetProperty("source").GetString(), Is.EqualTo("builtin"));
            Assert.That(first.GetProperty("file").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task DescribeJson_IncludesTheParameterSchema()
    {
        var outcome = await _cli.RunAsync("tools", "describe", "edit_file", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        var parameters = json.RootElement.GetProperty("parameters");
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("name").GetString(), Is.EqualTo("edit_file"));
            Assert.That(parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(new[] { "path", "old_string", "new_string" }));
        });
    }

    [Test]
    public async Task Describe_ShowsParametersForAPerson()
    {
        var outcome = await _cli.RunAsync("tools", "describe", "read_file");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.StartWith("read_file\n  source: built-in\n"));
            Assert.That(outcome.Out, Does.Match(@"path\s+string\s+required\s+Path of the file"));
        });
    }

    [Test]
    public async Task Describe_UnknownTool_ExitsTwoWithAHint()
    {
        var outcome = await _cli.RunAsync("tools", "describe", "nope");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo("error: there is no tool named 'nope'; run 'agent42 tools list' to see them\n"));
        });
    }

    [Test]
    public async Task CallReadFile_PrintsTheFileAndExitsZero()
    {
        _cli.Directory.Write("README.md", "# Hello\nworld\n");

        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"README.md"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Is.EqualTo("# Hello\nworld\n"));
            Assert.That(outcome.Error, Is.Empty);
        });
    }

    [Test]
    public async Task CallReadFile_AsRoot_WarnsOnStderrInOneLine_AndStillRuns()
    {
        _cli.Directory.Write("README.md", "# Hello\n");
        _cli.RunsAsRoot = true;

        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"README.md"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Is.EqualTo("# Hello\n"));
            Assert.That(outcome.Error, Is.EqualTo(
                "warning: agent42 is running as root, so the tools the model calls run as root too; run it as an ordinary user\n"));
        });
    }

    [Test]
    public async Task CallReadFile_OutsideTheWorkspace_PrintsTheRefusalAndExitsOne()
    {
        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"../etc/passwd"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Is.Empty);
            Assert.That(outcome.Error, Is.EqualTo("Error: Sandbox violation: '../etc/passwd' leads outside the workspace by '..'\n"));
        });
    }

    [Test]
    public async Task CallJson_PrintsTheResultObject()
    {
        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"nothing.txt"}""", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("tool").GetString(), Is.EqualTo("read_file"));
            Assert.That(json.RootElement.GetProperty("success").GetBoolean(), Is.False);
            Assert.That(json.RootElement.GetProperty("output").GetString(), Is.Empty);
            Assert.That(json.RootElement.GetProperty("error").GetString(), Is.EqualTo("'nothing.txt' does not exist"));
        });
    }

    [Test]
    public async Task Call_UnknownTool_ExitsOneNamingIt()
    {
        var outcome = await _cli.RunAsync("tools", "call", "nope");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Error, Does.StartWith("Error: Unknown tool 'nope'. Available tools: edit_file, grep"));
        });
    }

    [TestCase("{bad", "error: --args is not valid JSON at character 2: 'b' is an invalid start of a property name. Expected a '\"'.")]
    [TestCase("[1]", "error: --args must be a JSON object like '{\"path\":\"README.md\"}', not array")]
    public async Task Call_WithArgsThatAreNotAJsonObject_ExitsTwo(string args, string expected)
    {
        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", args);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo(expected + "\n"));
        });
    }

    [Test]
    public async Task Call_WithArgsThatFailTheSchema_ExitsOneNamingTheProblem()
    {
        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"a","limit":"many"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Error, Is.EqualTo("Error: Invalid arguments for 'read_file': property 'limit' must be a whole number\n"));
        });
    }

    [Test]
    public async Task Call_ToolThatThrows_ShowsNoStackTraceUnlessDebug()
    {
        _cli.Directory.Write("file", "I am a file, not a directory");
        string[] args = ["tools", "call", "write_file", "--args", """{"path":"file/child.txt","content":"x"}"""];

        var quiet = await _cli.RunAsync(args);
        var debug = await _cli.RunAsync([.. args, "--log-level", "debug"]);

        Assert.Multiple(() =>
        {
            Assert.That(quiet.ExitCode, Is.EqualTo(1));
            Assert.That(quiet.Error, Does.Contain("Error: Tool 'write_file' failed: IOException"));
            Assert.That(quiet.Error, Does.Not.Contain("   at "));
            Assert.That(debug.Error, Does.Contain("   at "), "debug shows the stack trace");
        });
    }
}
