using System.Diagnostics;
using System.Reflection;
using Agent42.Cli;
using Agent42.Tests.Core.Plugins;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// What a start whose custom tools all come from the compile cache loads, seen from inside a real child
/// <c>agent42</c> process (this process has Roslyn loaded by other tests): no compiler, and no metadata reader,
/// which a cached image does not need since this host build checked it before caching it.
/// </summary>
public sealed class WarmStartTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Test]
    public async Task ToolsList_WhenEveryToolIsCached_LoadsNeitherRoslynNorTheMetadataReader()
    {
        using var dir = new TempDirectory();
        dir.Write(Path.Combine("custom_tools", "echo.cs"), PluginHarness.Usings + PluginHarness.RawTool("Echo", "echo"));

        var cold = await ListInChildAsync(dir);
        var warm = await ListInChildAsync(dir);

        Assert.Multiple(() =>
        {
            Assert.That(cold.Output, Does.Contain("echo"));
            Assert.That(cold.Assemblies, Does.Contain("Microsoft.CodeAnalysis.CSharp"), "the first start compiles, and the hook sees it");
            Assert.That(Directory.GetFiles(dir.Combine("data", "plugin-cache"), "*.manifest"), Has.Length.EqualTo(1));
            Assert.That(warm.Output, Does.Contain("echo"));
            Assert.That(warm.Assemblies, Does.Contain("Agent42.Core"));
            Assert.That(warm.Assemblies, Has.None.StartsWith("Microsoft.CodeAnalysis"));
            Assert.That(warm.Assemblies, Does.Not.Contain("System.Reflection.Metadata"));
        });
    }

    [Test]
    public async Task WhenEveryToolIsCached_ToolsListRunsNoToolCode_AndTheFirstCallActivatesIt()
    {
        using var dir = new TempDirectory();
        for (var i = 0; i < 3; i++)
        {
            dir.Write(Path.Combine("custom_tools", $"echo{i}.cs"), PluginHarness.Usings + PluginHarness.RawTool($"Echo{i}", $"echo{i}", $"\"echo {i}\""));
        }

        var cold = await ListInChildAsync(dir);
        var warm = await ListInChildAsync(dir);
        var call = await ListInChildAsync(dir, "tools", "call", "echo1", "--args", "{}");

        Assert.Multiple(() =>
        {
            Assert.That(cold.Assemblies.Count(a => a.StartsWith(ToolAssemblyPrefix, StringComparison.Ordinal)), Is.EqualTo(3), "the first start activates each file");
            Assert.That(warm.Assemblies, Has.None.StartsWith(ToolAssemblyPrefix), "a cached start loads no tool image");
            Assert.That(warm.Output, Does.Contain("echo0").And.Contain("echo1").And.Contain("echo2"));
            Assert.That(warm.Output, Does.Contain("A test tool."));
            Assert.That(call.Output, Does.Contain("echo 1"));
            Assert.That(call.Assemblies.Where(a => a.StartsWith(ToolAssemblyPrefix, StringComparison.Ordinal)).ToArray(),
                Has.Length.EqualTo(1).And.All.StartsWith(ToolAssemblyPrefix + "echo1."), "the call activates its own file only");
        });
    }

    /// <summary>How the compiler names a tool file's assembly (agent42.tool.&lt;file stem&gt;.&lt;guid&gt;).</summary>
    private const string ToolAssemblyPrefix = "agent42.tool.";

    private static async Task<(string Output, IReadOnlyList<string> Assemblies)> ListInChildAsync(TempDirectory dir, params string[] command)
    {
        var loaded = dir.Combine($"assemblies-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Agent42Dll() },
            Environment =
            {
                ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                [StartupHook.OutputVariable] = loaded,
                ["MODEL_RESEARCH_ENABLED"] = "false",
            },
        };
        foreach (var argument in command.Length == 0 ? ["tools", "list"] : command)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(limit.Token);
        Assert.That(process.ExitCode, Is.Zero, await error);
        return (await output, await File.ReadAllLinesAsync(loaded));
    }

    /// <summary>
    /// agent42 as its own project built it, beside this build of the tests: the copy in the tests' output would
    /// miss the hosting assemblies that the tests take from the ASP.NET Core framework instead.
    /// </summary>
    private static string Agent42Dll()
    {
        var project = typeof(WarmStartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Agent42.Tests.ProjectDirectory").Value!;
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.GetFullPath(Path.Combine(project, "..", "..", "src", "Agent42", "bin", output.Parent!.Name, output.Name, Path.GetFileName(typeof(CliApp).Assembly.Location)));
        Assert.That(File.Exists(dll), Is.True, $"agent42 is built at {dll}");
        return dll;
    }
}
