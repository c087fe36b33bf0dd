namespace Agent42.Tests.Cli;

public sealed class CliAppTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Test]
    public async Task UnknownOption_ExitsTwoWithOneClearMessage()
    {
        var outcome = await _cli.RunAsync("tools", "list", "--bogus");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo("error: Unrecognized command or argument '--bogus'.\nRun 'agent42 --help' to see the commands and options.\n"));
            Assert.That(outcome.Out, Is.Empty);
        });
    }

    [Test]
    public async Task BadLogLevel_ExitsTwo()
    {
        var outcome = await _cli.RunAsync("tools", "list", "--log-level", "loud");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Does.StartWith("error: Argument 'loud' not recognized. Must be one of:"));
        });
    }

    [Test]
    public async Task MalformedDotEnvLine_ExitsTwoNamingTheLine()
    {
        _cli.Directory.Write(".env", "# settings\nTOOL_TIMEOUT_SECONDS=30\nthis line is wrong\n");

        var outcome = await _cli.RunAsync("tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo("error: .env line 3: expected KEY=VALUE; the line has no '=' (its text is not shown: it may be a pasted secret)\n"));
        });
    }

    [Test]
    public async Task BadSettingInTheEnvironment_ExitsTwoNamingTheVariable()
    {
        _cli.Environment["TOOL_TIMEOUT_SECONDS"] = "soon";

        var outcome = await _cli.RunAsync("tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo("error: TOOL_TIMEOUT_SECONDS must be a whole number from 1 to 86400; got 'soon'\n"));
        });
    }

    [Test]
    public async Task Workspace_CommandLineBeatsEnvironmentBeatsDotEnv()
    {
        foreach (var layer in new[] { "dotenv", "env", "cli" })
        {
            _cli.Directory.Write($"{layer}/which.txt", layer);
        }

        _cli.Directory.Write(".env", "AGENT42_WORKSPACE=dotenv\n");
        var fromDotEnv = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"which.txt"}""");
        _cli.Environment["AGENT42_WORKSPACE"] = "env";
        var fromEnvironment = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"which.txt"}""");
        var fromCommandLine = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"which.txt"}""", "--workspace", "cli");

        Assert.Multiple(() =>
        {
            Assert.That(fromDotEnv.Out, Is.EqualTo("dotenv\n"));
            Assert.That(fromEnvironment.Out, Is.EqualTo("env\n"));
            Assert.That(fromCommandLine.Out, Is.EqualTo("cli\n"));
        });
    }

    [Test]
    public async Task MissingWorkspace_ExitsTwoNamingIt()
    {
        var outcome = await _cli.RunAsync("tools", "list", "--workspace", "no-such-dir");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Does.StartWith("error: AGENT42_WORKSPACE: the directory '").And.EndWith("no-such-dir' does not exist\n"));
        });
    }

    [Test]
    public async Task Version_PrintsTheVersion()
    {
        var outcome = await _cli.RunAsync("--version");

        Assert.That(outcome.Out.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    public async Task Help_ShowsTheCommandsAndGlobalOptions()
    {
        var outcome = await _cli.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Does.Contain("tools").And.Contain("watch").And.Contain("models").And.Contain("run").And.Contain("--workspace").And.Contain("--tools-dir")
                .And.Contain("--data-dir").And.Contain("--log-level"));
        });
    }

    [Test]
    public async Task Logs_GoToARollingFileUnderTheDataDirectory()
    {
        _cli.Directory.Write("file", "x");

        await _cli.RunAsync("tools", "call", "write_file", "--args", """{"path":"file/child.txt","content":"x"}""", "--data-dir", "state");

        var logs = Directory.GetFiles(_cli.Directory.Combine("state", "logs"), "agent42-*.log");
        Assert.That(logs, Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(logs[0]), Does.Contain("Tool write_file threw"));
    }
}
