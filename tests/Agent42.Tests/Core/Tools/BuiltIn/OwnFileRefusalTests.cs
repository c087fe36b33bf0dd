using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

/// <summary>
/// A prompt-injected model calling the file tools on Agent42's own files, in the default layout: each refusal
/// names the rule and the setting that lifts it, and nothing is read or changed.
/// </summary>
public sealed class OwnFileRefusalTests : BuiltInToolFixture
{
    private const string Key = "OPENROUTER_API_KEY=sk-or-secret";

    [Test]
    public async Task ReadFile_DotEnv_IsRefusedNamingTheRuleAndTheSetting()
    {
        Workspace.Write(".env", Key);

        var relative = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = ".env" });
        var absolute = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = Workspace.Combine(".env") });
        var dotted = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "src/../.env" });

        foreach (var result in new[] { relative, absolute, dotted })
        {
            Assert.Multiple(() =>
            {
                Assert.That(result.Success, Is.False);
                Assert.That(result.Error, Does.Contain("rule own-secrets").And.Contain("AGENT42_AGENT_OWN_FILES=true lifts it"));
                Assert.That(result.Output + result.Error, Does.Not.Contain("sk-or-secret"));
            });
        }
    }

    [Test]
    public async Task WriteAndEditFile_DotEnv_AreRefusedAndLeaveItUnchanged()
    {
        var env = Workspace.Write(".env", Key);

        var write = await CallAsync(new WriteFileTool(Sandbox), new { path = ".env", content = "OPENROUTER_BASE_URL=https://evil.example" });
        var edit = await CallAsync(new EditFileTool(Sandbox, Options), new { path = ".env", old_string = "sk-or", new_string = "x" });

        Assert.Multiple(() =>
        {
            Assert.That(write.Error, Is.EqualTo("refused to write '.env': it is Agent42's own secrets file (rule own-secrets; AGENT42_AGENT_OWN_FILES=true lifts it)"));
            Assert.That(edit.Error, Does.Contain("rule own-secrets"));
            Assert.That(File.ReadAllText(env), Is.EqualTo(Key));
        });
    }

    [Test]
    public async Task DataDirectory_IsNeitherReadNorWrittenNorListed()
    {
        var outcomes = Workspace.Write("data/outcomes.jsonl", "{\"real\":true}\n");

        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "data/outcomes.jsonl" });
        var forge = await CallAsync(new WriteFileTool(Sandbox), new { path = "data/dynamic_routing.json", content = "{}" });
        var list = await CallAsync(new ListDirTool(Sandbox), new { path = "data" });

        Assert.Multiple(() =>
        {
            Assert.That(read.Error, Does.Contain("own-state"));
            Assert.That(forge.Error, Does.Contain("own-state").And.Contain("AGENT42_AGENT_OWN_FILES=true"));
            Assert.That(list.Error, Does.Contain("own-state"));
            Assert.That(File.Exists(Workspace.Combine("data", "dynamic_routing.json")), Is.False);
            Assert.That(File.ReadAllText(outcomes), Is.EqualTo("{\"real\":true}\n"));
        });
    }

    [Test]
    public async Task ToolsDirectory_IsReadableButNotWritable_UnlessAgentWritesToolsIsSet()
    {
        Workspace.Write("custom_tools/existing.cs", "// a tool\n");

        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "custom_tools/existing.cs" });
        var drop = await CallAsync(new WriteFileTool(Sandbox), new { path = "custom_tools/evil.cs", content = "class Evil {}" });
        var edit = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "custom_tools/existing.cs", old_string = "a tool", new_string = "pwned" });
        using var lifted = CreateSandbox(new ControlPathsOptions { AgentWritesTools = true });
        var allowed = await CallAsync(new WriteFileTool(lifted), new { path = "custom_tools/mine.cs", content = "class Mine {}" });

        Assert.Multiple(() =>
        {
            Assert.That(read.Output, Is.EqualTo("// a tool\n"));
            Assert.That(drop.Error, Does.Contain("rule own-tools").And.Contain("AGENT42_AGENT_WRITES_TOOLS=true lifts it"));
            Assert.That(edit.Error, Does.Contain("rule own-tools"));
            Assert.That(File.Exists(Workspace.Combine("custom_tools", "evil.cs")), Is.False);
            Assert.That(File.ReadAllText(Workspace.Combine("custom_tools", "existing.cs")), Is.EqualTo("// a tool\n"));
            Assert.That(allowed.Success, Is.True, allowed.Error);
            Assert.That(File.ReadAllText(Workspace.Combine("custom_tools", "mine.cs")), Is.EqualTo("class Mine {}"));
        });
    }

    [Test]
    public async Task McpConfig_IsReadableButNotWritable()
    {
        Workspace.Write(ControlPaths.McpConfigFileName, "{}");

        var read = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = ".mcp.json" });
        var write = await CallAsync(new WriteFileTool(Sandbox), new { path = ".mcp.json", content = "{\"servers\":{}}" });

        Assert.Multiple(() =>
        {
            Assert.That(read.Output, Is.EqualTo("{}"));
            Assert.That(write.Error, Does.Contain("rule own-config"));
            Assert.That(File.ReadAllText(Workspace.Combine(".mcp.json")), Is.EqualTo("{}"));
        });
    }

    [Test]
    [Platform("Linux")]
    public async Task ReadFile_HardLinkToDotEnv_IsRefusedAsTheSecretsFile_EvenWithHardLinksAllowed()
    {
        Workspace.Write(".env", Key);
        Posix.HardLink(Workspace.Combine(".env"), Workspace.Combine("notes.txt"));
        using var allowsLinks = CreateSandbox(options: new WorkspaceSandboxOptions { AllowHardLinks = true });

        var strict = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "notes.txt" });
        var lenient = await CallAsync(new ReadFileTool(allowsLinks, Options), new { path = "notes.txt" });

        Assert.Multiple(() =>
        {
            Assert.That(strict.Error, Does.Contain("rule own-secrets").And.Contain("hard link"));
            Assert.That(lenient.Error, Does.Contain("rule own-secrets"));
            Assert.That(strict.Output + lenient.Output, Does.Not.Contain("sk-or-secret"));
        });
    }

    [Test]
    [Platform("Linux")]
    public async Task ReadFile_HardLinkToAFileInTheDataDirectory_IsRefusedAsState_EvenWithHardLinksAllowed()
    {
        Workspace.Write("data/outcomes.jsonl", "{\"model\":\"secret-history\"}\n");
        Posix.HardLink(Workspace.Combine("data", "outcomes.jsonl"), Workspace.Combine("history.txt"));
        using var allowsLinks = CreateSandbox(options: new WorkspaceSandboxOptions { AllowHardLinks = true });

        var result = await CallAsync(new ReadFileTool(allowsLinks, Options), new { path = "history.txt" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("rule own-state").And.Contain("hard link"));
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task ReadFile_SymlinkToDotEnv_IsRefused()
    {
        Workspace.Write(".env", Key);
        File.CreateSymbolicLink(Workspace.Combine("alias.txt"), Workspace.Combine(".env"));

        var result = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "alias.txt" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Output + result.Error, Does.Not.Contain("sk-or-secret"));
        });
    }

    [Test]
    public async Task Grep_SearchesNeitherDotEnvNorTheDataDirectory()
    {
        Workspace.Write(".env", "KEY=secret\n");
        Workspace.Write("data/state.txt", "KEY=state\n");
        Workspace.Write("src/a.txt", "KEY=ok\n");

        var everything = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "KEY" });
        var direct = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "KEY", path = ".env" });

        Assert.Multiple(() =>
        {
            Assert.That(everything.Output, Is.EqualTo("src/a.txt:1: KEY=ok\n"));
            Assert.That(direct.Error, Does.Contain("rule own-secrets"));
        });
    }

    [Test]
    public async Task ListDir_Recursive_ShowsTheDataDirectoryButDoesNotEnterIt()
    {
        Workspace.Write("data/outcomes.jsonl", "");
        Workspace.Write("src/a.cs", "");

        var result = await CallAsync(new ListDirTool(Sandbox), new { recursive = true });

        Assert.That(result.Output, Is.EqualTo("data/\nsrc/\nsrc/a.cs\n"));
    }

    [Test]
    public async Task AgentOwnFiles_LiftsTheRuleOnDotEnv()
    {
        Workspace.Write(".env", Key);
        using var lifted = CreateSandbox(new ControlPathsOptions { AgentOwnFiles = true });

        var result = await CallAsync(new ReadFileTool(lifted, Options), new { path = ".env" });

        Assert.That(result.Output, Is.EqualTo(Key));
    }

    [Test]
    public async Task PluginHelpers_RefuseTheSameFiles()
    {
        Workspace.Write(".env", Key);

        Assert.Multiple(() =>
        {
            Assert.That(() => Sandbox.ReadAllTextAsync(".env"), Throws.TypeOf<Agent42.Sdk.SandboxViolationException>().With.Message.Contain("own-secrets"));
            Assert.That(() => Sandbox.WriteAllTextAsync("custom_tools/x.cs", "class X {}"), Throws.TypeOf<Agent42.Sdk.SandboxViolationException>().With.Message.Contain("own-tools"));
            Assert.That(() => Sandbox.ListFiles("data"), Throws.TypeOf<Agent42.Sdk.SandboxViolationException>());
        });
        Assert.That(File.Exists(Workspace.Combine("custom_tools", "x.cs")), Is.False);
    }
}
