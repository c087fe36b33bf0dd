using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;

namespace Agent42.Tests.Core.Plugins.Compiling;

public sealed class PluginCompilerTests
{
    private PluginHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new PluginHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public void Compile_RawToolInCsFile_EmitsImageAndPdb()
    {
        var build = _harness.Compile("echo.cs", PluginHarness.Usings + PluginHarness.RawTool("EchoTool", "echo"));

        Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
        Assert.That(build.Image, Is.Not.Empty);
        Assert.That(build.Pdb, Is.Not.Empty);
        Assert.That(build.SourceFiles, Is.EqualTo(new[] { _harness.Tools.Combine("echo.cs") }));
    }

    [Test]
    public void Compile_TypedToolInCsxScript_Succeeds()
    {
        const string Source = """
            using System.ComponentModel;

            public sealed class Greet : Tool<Greet.Arguments>
            {
                public override string Name => "greet";
                public override string Description => "Greets.";
                protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken) =>
                    Task.FromResult(ToolResult.Ok("hello " + arguments.Who));
                public sealed record Arguments([property: Description("Who to greet.")] string Who);
            }
            """;

        var build = _harness.Compile("greet.csx", Source);

        Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
        Assert.That(build.TypeLocations.Keys, Does.Contain("Script+Greet"));
    }

    [Test]
    public void Compile_EachBuild_HasItsOwnAssemblyName()
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("EchoTool", "echo");

        var first = _harness.Compile("echo.cs", source);
        var second = _harness.Compile("echo.cs", source);

        Assert.That(first.AssemblyName, Is.Not.EqualTo(second.AssemblyName));
    }

    [Test]
    public void Compile_SyntaxError_ReportsRoslynCodeWithLineAndColumn()
    {
        var build = _harness.Compile("broken.cs", "public class Broken\n{\n    int x = 1\n}\n");

        Assert.That(build.Succeeded, Is.False);
        Assert.That(build.Diagnostics, Has.Some.Matches<PluginDiagnostic>(d => d.Code == "CS1002" && d.Line == 3 && d.Column == 14 && d.IsError));
        Assert.That(build.Image, Is.Empty);
    }

    [Test]
    public void Compile_TypeError_ReportsRoslynCodeWithLineAndColumn()
    {
        var build = _harness.Compile("typed.cs", "public static class Typed\n{\n    public static int X = \"text\";\n}\n");

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo(("CS0029", 3, 27)));
        Assert.That(error.ToString(), Does.StartWith(_harness.Tools.Combine("typed.cs") + "(3,27): error CS0029: "));
    }

    [Test]
    public void Compile_Warning_IsReportedButDoesNotFailTheBuild()
    {
        var build = _harness.Compile("warn.cs", PluginHarness.Usings + "public static class W { public static int M(string? s) => s.Length; }\n");

        Assert.That(build.Succeeded, Is.True);
        Assert.That(build.Diagnostics, Has.Some.Matches<PluginDiagnostic>(d => d.Code == "CS8602" && d.Severity == PluginDiagnosticSeverity.Warning));
    }

    [Test]
    public void Compile_ReferenceDirective_IsRefusedWithItsOwnCode()
    {
        var build = _harness.Compile("r.csx", "#r \"System.Diagnostics.Process\"\npublic class A { }\n");

        Assert.That(build.Succeeded, Is.False);
        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo((PluginDiagnosticCodes.ReferenceDirective, 1, 1)));
        Assert.That(error.Message, Does.StartWith("#r \"System.Diagnostics.Process\" is not allowed in tools: "));
    }

    [Test]
    public void Compile_LoadDirectiveInsideToolsDirectory_IncludesTheLoadedFile()
    {
        var shared = _harness.Tools.Write("lib/shared.csx", "public static class Shared { public const string Text = \"shared\"; }\n");

        var build = _harness.Compile("main.csx", "#load \"lib/shared.csx\"\n" + PluginHarness.RawTool("MainTool", "main", "Shared.Text"));

        Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
        Assert.That(build.SourceFiles, Is.EqualTo(new[] { _harness.Tools.Combine("main.csx"), shared }));
    }

    [Test]
    public void Compile_LoadDirectiveOutsideToolsDirectory_IsRefusedNamingThePath()
    {
        using var elsewhere = new Support.TempDirectory();
        var outside = elsewhere.Write("evil.csx", "public static class Evil { }\n");

        var build = _harness.Compile("main.csx", $"#load \"{outside}\"\npublic class A {{ }}\n");

        Assert.That(build.Succeeded, Is.False);
        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo((PluginDiagnosticCodes.LoadOutsideToolsDirectory, 1, 1)));
        Assert.That(error.Message, Does.Contain(outside));
        Assert.That(build.SourceFiles, Does.Not.Contain(outside));
    }

    [Test]
    public void Compile_LoadDirectiveClimbingOutWithDotDot_IsRefused()
    {
        using var elsewhere = new Support.TempDirectory();
        var outside = elsewhere.Write("evil.csx", "public static class Evil { }\n");
        var relative = Path.GetRelativePath(_harness.Tools.Path, outside);

        var build = _harness.Compile("main.csx", $"#load \"{relative}\"\npublic class A {{ }}\n");

        Assert.That(relative, Does.StartWith(".."));
        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo((PluginDiagnosticCodes.LoadOutsideToolsDirectory, 1, 1)));
    }

    [Test]
    public void Compile_LoadDirectiveThroughSymlinkLeadingOutside_IsRefused()
    {
        using var elsewhere = new Support.TempDirectory();
        elsewhere.Write("evil.csx", "public static class Evil { }\n");
        Directory.CreateSymbolicLink(_harness.Tools.Combine("linked"), elsewhere.Path);

        var build = _harness.Compile("main.csx", "#load \"linked/evil.csx\"\npublic class A { }\n");

        Assert.That(build.Diagnostics.Single(d => d.IsError).Code, Is.EqualTo(PluginDiagnosticCodes.LoadOutsideToolsDirectory));
    }

    [Test]
    public void Compile_PolicyViolationInLoadedFile_IsReportedInThatFile()
    {
        var shared = _harness.Tools.Write("shared.csx", "public static class Shared\n{\n    public static string Read() => System.IO.File.ReadAllText(\"x\");\n}\n");

        var build = _harness.Compile("main.csx", "#load \"shared.csx\"\npublic class A { }\n");

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.FilePath, error.Code, error.Line, error.Column), Is.EqualTo((shared, ApiPolicyRules.FileSystem.Code, 3, 36)));
    }

    [Test]
    public void WarmUp_CompilesWithoutThrowing()
    {
        Assert.DoesNotThrow(_harness.Compiler.WarmUp);
    }

    [Test]
    public void Fingerprint_NamesCompilerPolicySdkAndRuntime()
    {
        Assert.That(PluginCompiler.Fingerprint, Does.Contain("roslyn=" + PluginCompiler.CompilerVersion)
            .And.Contain($"policy={ApiPolicyRules.PolicyVersion}").And.Contain("sdk=").And.Contain("runtime=.NET"));
    }

    [Test]
    public void CompilerVersion_NamesRoslyn5()
    {
        Assert.That(PluginCompiler.CompilerVersion, Does.StartWith("5."));
    }
}
