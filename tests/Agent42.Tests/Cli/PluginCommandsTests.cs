using System.Text.Json;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

public sealed class PluginCommandsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Evil = "using System.IO;\npublic class X { string s = File.ReadAllText(\"x\"); }\n";

    [Test]
    public async Task New_WritesAToolThatWorksAtOnce()
    {
        var created = await _cli.RunAsync("tools", "new", "shout");
        var called = await _cli.RunAsync("tools", "call", "shout", "--args", """{"text":"hi","times":2}""");

        Assert.Multiple(() =>
        {
            Assert.That(created.ExitCode, Is.Zero, created.Error);
            Assert.That(created.Out, Does.StartWith("created custom_tools/shout.cs"));
            Assert.That(called.ExitCode, Is.Zero, called.Error);
            Assert.That(called.Out, Is.EqualTo("hi\nhi\n"));
        });
    }

    [Test]
    public async Task NewCsx_WritesAScriptToolThatWorksAtOnce()
    {
        await _cli.RunAsync("tools", "new", "echo_twice", "--csx");
        var called = await _cli.RunAsync("tools", "call", "echo_twice", "--args", """{"text":"yo"}""");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(_cli.Directory.Combine("custom_tools", "echo_twice.csx")), Is.True);
            Assert.That(called.Out, Is.EqualTo("yo\n"), called.Error);
        });
    }

    [TestCase("Bad-Name", "is not a valid tool name")]
    [TestCase("x", "is not a valid tool name")]
    public async Task New_WithAnInvalidName_ExitsTwo(string name, string expected)
    {
        var outcome = await _cli.RunAsync("tools", "new", name);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Does.Contain(expected));
        });
    }

    [Test]
    public async Task New_WhenTheFileExists_RefusesAndKeepsIt()
    {
        _cli.Directory.Write("custom_tools/mine.cs", "// mine");

        var outcome = await _cli.RunAsync("tools", "new", "mine");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(File.ReadAllText(_cli.Directory.Combine("custom_tools", "mine.cs")), Is.EqualTo("// mine"));
        });
    }

    [Test]
    public async Task Check_ValidAndRejectedFiles_PrintsEachAndExitsOne()
    {
        await _cli.RunAsync("tools", "new", "good_one");
        _cli.Directory.Write("custom_tools/evil.cs", Evil);

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/good_one.cs", "custom_tools/evil.cs");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.Contain("custom_tools/good_one.cs: ok (good_one)"));
            Assert.That(outcome.Out, Does.Contain("custom_tools/evil.cs: rejected"));
            Assert.That(outcome.Out, Does.Match(@"evil\.cs\(2,29\): error A42\d+: System\.IO\.File\.ReadAllText is not allowed in tools"));
        });
    }

    [Test]
    public async Task CheckJson_GivesValidityToolsAndDiagnostics()
    {
        _cli.Directory.Write("custom_tools/evil.cs", Evil);

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/evil.cs", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        var file = json.RootElement[0];
        var diagnostic = file.GetProperty("diagnostics")[0];
        Assert.Multiple(() =>
        {
            Assert.That(file.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(diagnostic.GetProperty("line").GetInt32(), Is.EqualTo(2));
            Assert.That(diagnostic.GetProperty("column").GetInt32(), Is.EqualTo(29));
            Assert.That(diagnostic.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(diagnostic.GetProperty("code").GetString(), Does.StartWith("A42"));
        });
    }

    [Test]
    public async Task Check_AHelperForLoad_IsNotRejected_ButSaysWhatItIs()
    {
        _cli.Directory.Write("custom_tools/_helpers.csx", "static int Twice(int x) => 2 * x;\n");

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/_helpers.csx");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Does.Contain("helpers for #load, not tools"));
        });
    }

    [Test]
    public async Task Check_AToolNamedLikeABuiltIn_IsRejected()
    {
        await _cli.RunAsync("tools", "new", "shell");

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/shell.cs");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.Contain("'shell' is the name of a built-in tool"));
        });
    }

    private const string DisposedSchema = """
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;
        public sealed class Disposed : Tool
        {
            public override string Name => "disposed";
            public override string Description => "Its schema's document is gone.";
            public override JsonElement Parameters { get { using var d = JsonDocument.Parse("{\"type\":\"object\"}"); return d.RootElement; } }
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
        }
        """;

    [Test]
    public async Task Check_AFileWhoseSchemaIsFromADisposedDocument_IsRejected_AndTheOtherFilesResultsStay()
    {
        await _cli.RunAsync("tools", "new", "good_one");
        _cli.Directory.Write("custom_tools/disposed.cs", DisposedSchema);

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/disposed.cs", "custom_tools/good_one.cs");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.Contain("custom_tools/disposed.cs: rejected"));
            Assert.That(outcome.Out, Does.Contain("A42206: Disposed was not loaded: reading its parameters threw ObjectDisposedException"));
            Assert.That(outcome.Out, Does.Contain("custom_tools/good_one.cs: ok (good_one)"));
        });
    }

    [Test]
    public async Task Call_OfABuiltIn_Works_WhileACustomToolHangsAtLoad()
    {
        _cli.Environment["PLUGIN_LOAD_TIMEOUT_SECONDS"] = "1";
        _cli.Directory.Write("README.md", "hello\n");
        _cli.Directory.Write("custom_tools/stuck.cs", """
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using Agent42.Sdk;
            public sealed class Stuck : Tool
            {
                static Stuck() { new TaskCompletionSource().Task.Wait(); }
                public override string Name => "stuck";
                public override string Description => "Never loads.";
                public override JsonElement Parameters => default;
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
            }
            """);

        var outcome = await _cli.RunAsync("tools", "call", "read_file", "--args", """{"path":"README.md"}""");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Contain("hello"));
            Assert.That(outcome.Error, Does.Contain("activation of stuck.cs did not finish within 1 s"));
        });
    }

    [Test]
    public async Task List_WithABrokenPlugin_StillWorks_AndWarnsInOneLine()
    {
        await _cli.RunAsync("tools", "new", "fine_tool");
        _cli.Directory.Write("custom_tools/evil.cs", Evil);

        var outcome = await _cli.RunAsync("tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.Out, Does.Contain("fine_tool     plugin"));
            Assert.That(outcome.Error, Does.StartWith("warning: custom_tools/evil.cs was not loaded:").And.Contain("(see: agent42 tools check custom_tools/evil.cs)"));
        });
    }

    [Test]
    public async Task Describe_APluginTool_SaysWhichFileItCameFrom()
    {
        await _cli.RunAsync("tools", "new", "fine_tool");

        var outcome = await _cli.RunAsync("tools", "describe", "fine_tool", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("source").GetString(), Is.EqualTo("plugin"));
            Assert.That(json.RootElement.GetProperty("file").GetString(), Is.EqualTo(_cli.Directory.Combine("custom_tools", "fine_tool.cs")));
        });
    }

    [Test]
    public async Task WatchJson_ReportsLoadUpdateAndRejectionAsTheyHappen()
    {
        await _cli.RunAsync("tools", "new", "live_tool");
        var path = _cli.Directory.Combine("custom_tools", "live_tool.cs");
        var lines = new LineCollector();
        using var stop = new CancellationTokenSource();
        var watch = _cli.StartAsync(lines, stop.Token, "watch", "--json");

        using var loaded = JsonDocument.Parse(await lines.NextAsync(Patience));
        File.WriteAllText(path, File.ReadAllText(path).Replace("Repeats the given text.", "Repeats text, live.", StringComparison.Ordinal));
        using var updated = JsonDocument.Parse(await lines.NextAsync(Patience));
        File.WriteAllText(path, File.ReadAllText(path).Replace("return Task.FromResult", "return Task.FromResult(", StringComparison.Ordinal));
        using var rejected = JsonDocument.Parse(await lines.NextAsync(Patience));
        await stop.CancelAsync();
        var exitCode = await watch.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.RootElement.GetProperty("event").GetString(), Is.EqualTo("loaded"));
            Assert.That(loaded.RootElement.GetProperty("tools")[0].GetString(), Is.EqualTo("live_tool"));
            Assert.That(updated.RootElement.GetProperty("event").GetString(), Is.EqualTo("updated"));
            Assert.That(updated.RootElement.GetProperty("file").GetString(), Is.EqualTo(path));
            Assert.That(updated.RootElement.GetProperty("ms").GetDouble(), Is.GreaterThan(0));
            Assert.That(rejected.RootElement.GetProperty("event").GetString(), Is.EqualTo("rejected"));
            Assert.That(rejected.RootElement.GetProperty("tools")[0].GetString(), Is.EqualTo("live_tool"), "the last good version stays live");
            Assert.That(rejected.RootElement.GetProperty("diagnostics")[0].GetProperty("code").GetString(), Does.StartWith("CS"));
            Assert.That(exitCode, Is.Zero);
        });
    }
}
