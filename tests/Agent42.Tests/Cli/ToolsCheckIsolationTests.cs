using System.Globalization;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary><c>tools check</c> runs no tool code in the checking process: activation happens in a throwaway child.</summary>
public sealed class ToolsCheckIsolationTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string ToolWithConstructor(string className, string name, string constructor, string members = "") => $$"""
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;
        public sealed class {{className}} : Tool
        {
            {{constructor}}
            {{members}}
            public override string Name => "{{name}}";
            public override string Description => "A tool for the check's isolation.";
            public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("ok"));
        }
        """;

    [Test]
    public async Task Check_RunsTheConstructorInAnotherProcess_WithTheWorkspaceOfTheCheck()
    {
        // A tool may not read its process id; a string's hash code is seeded per process, which is as telling.
        _cli.Directory.Write("custom_tools/marker.cs", ToolWithConstructor("Marker", "marker",
            """public Marker(IWorkspaceSandbox sandbox) { sandbox.WriteAllTextAsync("marker.txt", "agent42 process".GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult(); }"""));

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/marker.cs");

        var marker = _cli.Directory.Combine("marker.txt");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Out + outcome.Error);
            Assert.That(outcome.Out, Does.Contain("custom_tools/marker.cs: ok (marker)"));
            Assert.That(File.Exists(marker), Is.True, "the constructor ran, in the check's workspace");
            Assert.That(File.ReadAllText(marker), Is.Not.EqualTo("agent42 process".GetHashCode().ToString(CultureInfo.InvariantCulture)),
                "the constructor ran in the checking process");
        });
    }

    [Test]
    public async Task Check_OfAConstructorThatHangs_FinishesWithA42303_AndKeepsTheOtherFilesResult()
    {
        _cli.Environment["PLUGIN_LOAD_TIMEOUT_SECONDS"] = "1";
        _cli.Directory.Write("custom_tools/stuck.cs", ToolWithConstructor("Stuck", "stuck", "public Stuck() { new TaskCompletionSource().Task.Wait(); }"));
        _cli.Directory.Write("custom_tools/fine.cs", ToolWithConstructor("Fine", "fine", string.Empty));

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/stuck.cs", "custom_tools/fine.cs");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.Contain("custom_tools/stuck.cs: rejected"));
            Assert.That(outcome.Out, Does.Contain("error A42303: activation of stuck.cs did not finish within 1 s"));
            Assert.That(outcome.Out, Does.Contain("custom_tools/fine.cs: ok (fine)"));
        });
    }

    [Test]
    public async Task Check_OfAConstructorThatOverflowsTheStack_ReportsA42306_AndTheCheckCarriesOn()
    {
        // A stack overflow ends any .NET process, whatever catches it: the one case the policy cannot refuse.
        _cli.Directory.Write("custom_tools/deep.cs", ToolWithConstructor("Deep", "deep",
            "public Deep() { Depth = Down(int.MaxValue); }",
            "public int Depth { get; } private static int Down(int n) => n <= 0 ? 0 : Down(n - 1) + 1;"));
        _cli.Directory.Write("custom_tools/fine.cs", ToolWithConstructor("Fine", "fine", string.Empty));

        var outcome = await _cli.RunAsync("tools", "check", "custom_tools/deep.cs", "custom_tools/fine.cs");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.Contain("custom_tools/deep.cs: rejected"));
            Assert.That(outcome.Out, Does.Contain("error A42306: activating deep.cs's tools ended the process that checked them"));
            Assert.That(outcome.Out, Does.Contain("custom_tools/fine.cs: ok (fine)"));
        });
    }
}
