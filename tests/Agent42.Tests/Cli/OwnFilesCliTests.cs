namespace Agent42.Tests.Cli;

/// <summary>
/// The default-layout takeover, through the real command line: the workspace is the current directory, which
/// holds the <c>.env</c> with the key and the custom tools directory the host compiles from.
/// </summary>
public sealed class OwnFilesCliTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Test]
    public async Task CallReadFile_DotEnv_IsRefusedNamingTheRuleAndTheSetting()
    {
        _cli.Directory.Write(".env", "OPENROUTER_API_KEY=sk-or-cli-secret\n");

        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":".env"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Is.Empty);
            Assert.That(outcome.Error, Is.EqualTo(
                "Error: refused to read '.env': it is Agent42's own secrets file (rule own-secrets; AGENT42_AGENT_OWN_FILES=true lifts it)\n"));
        });
    }

    [Test]
    public async Task CallWriteFile_IntoTheToolsDirectory_IsRefused_UnlessAgentWritesToolsIsSet()
    {
        var args = """{"path":"custom_tools/evil.cs","content":"class Evil {}"}""";

        var refused = await _cli.RunAsync("tools", "call", "write_file", "--args", args);
        var existedAfterRefusal = File.Exists(_cli.Directory.Combine("custom_tools", "evil.cs"));
        _cli.Environment["AGENT42_AGENT_WRITES_TOOLS"] = "true";
        var allowed = await _cli.RunAsync("tools", "call", "write_file", "--args", """{"path":"custom_tools/mine.cs","content":"// mine"}""");

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Error, Does.Contain("rule own-tools").And.Contain("AGENT42_AGENT_WRITES_TOOLS=true lifts it"));
            Assert.That(existedAfterRefusal, Is.False);
            Assert.That(allowed.ExitCode, Is.Zero, allowed.Error);
            Assert.That(File.ReadAllText(_cli.Directory.Combine("custom_tools", "mine.cs")), Is.EqualTo("// mine"));
        });
    }

    [Test]
    public async Task CallWriteFile_OverDotEnv_IsRefusedAndTheKeyStays()
    {
        var env = _cli.Directory.Write(".env", "OPENROUTER_API_KEY=sk-or-cli-secret\n");

        var outcome = await _cli.RunAsync("tools", "call", "write_file", "--args",
            """{"path":".env","content":"OPENROUTER_BASE_URL=http://attacker.example\n"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Error, Does.Contain("rule own-secrets"));
            Assert.That(File.ReadAllText(env), Is.EqualTo("OPENROUTER_API_KEY=sk-or-cli-secret\n"));
        });
    }

    [Test]
    public async Task CallWriteFile_IntoTheDataDirectory_IsRefused()
    {
        var outcome = await _cli.RunAsync("tools", "call", "write_file", "--args", """{"path":"data/outcomes.jsonl","content":"{}\n"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Error, Does.Contain("rule own-state"));
        });
    }
}
