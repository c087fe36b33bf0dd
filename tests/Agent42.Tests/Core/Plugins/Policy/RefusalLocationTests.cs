using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Section 2: every refusal points at the source that caused it. The walk's and the scan's findings come
/// together; what only the image shows is placed at the declaration that produced it; #line moves nothing.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class RefusalLocationTests
{
    private PluginHarness _harness = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [Test]
    public void WalkAndImageFindings_AreReportedTogether_EachAtItsSource()
    {
        var build = Compile("""
            public static class Probe
            {
                public static string Read() => System.IO.File.ReadAllText("x");
                [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)]
                public static int Call() => 0;
            }
            """);

        Assert.That(Refusals(build), Is.EquivalentTo(new[]
        {
            (ApiPolicyRules.FileSystem.Code, 3, 36),
            (ApiPolicyRules.NativeCode.Code, 5, 23),
        }));
        Assert.That(build.Diagnostics.Single(d => d.Code == ApiPolicyRules.NativeCode.Code).Message, Does.EndWith("(found in the compiled code of Probe.Call)"));
    }

    [Test]
    public void ImageOnlyFinding_InCompilerGeneratedCode_IsPlacedAtTheMemberItWasGeneratedFor()
    {
        // A policy that does not accept what iterators compile to, so that the iterator's state machine is refused.
        var emitted = ApiPolicyRules.CompilerEmitted.Where(e => e != "System.Environment.CurrentManagedThreadId").ToList();
        var rules = new ApiRuleSet(ApiPolicyRules.All, emitted, ApiParameterRules.All);
        var compiler = new PluginCompiler(_harness.Tools.Path, new ApiPolicy(rules, ApiPolicy.TriggerNamesOf(rules, emitted)), PluginReferenceSet.Default);
        const string Source = """
            public static class Probe
            {
                public static System.Collections.Generic.IEnumerable<int> Items()
                {
                    yield return 1;
                }
            }
            """;

        var build = compiler.Compile(_harness.Tools.Write($"probe_{Guid.NewGuid():N}.cs", Source), Source);

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line, error.Column), Is.EqualTo((ApiPolicyRules.EnvironmentControl.Code, 3, 63)));
        Assert.That(error.Message, Does.StartWith("System.Environment.CurrentManagedThreadId is not allowed in tools")
            .And.EndWith("(found in the code the compiler generated for Probe.Items)"));
    }

    [Test]
    public void LineDirective_DoesNotMoveTheRefusal()
    {
        var build = Compile("""
            public static class Probe
            {
            #line 200 "elsewhere.cs"
                public static string Read() => System.IO.File.ReadAllText("x");
            #line default
            }
            """);

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.FilePath, error.Line, error.Column), Is.EqualTo((build.FilePath, 4, 36)));
    }

    [Test]
    public void HiddenLines_DoNotHideTheRefusal()
    {
        var build = Compile("""
            public static class Probe
            {
            #line hidden
                public static string Read() => System.IO.File.ReadAllText("x");
                [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)]
                public static int Call() => 0;
            #line default
            }
            """);

        Assert.That(Refusals(build), Is.EquivalentTo(new[] { (ApiPolicyRules.FileSystem.Code, 4, 36), (ApiPolicyRules.NativeCode.Code, 6, 23) }));
    }

    [Test]
    public void SpanLineDirective_DoesNotMoveTheRefusal()
    {
        var build = Compile("""
            public static class Probe
            {
            #line (1, 1) - (1, 80) 3 "other.cs"
                public static string Read() => System.IO.File.ReadAllText("x");
            }
            """);

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.FilePath, error.Line), Is.EqualTo((build.FilePath, 4)));
    }

    [Test]
    public void RefusalInALoadedScript_IsPlacedInThatFile()
    {
        var shared = _harness.Tools.Write("shared_location.csx", "public static class Shared\n{\n    public static async void Fire() => await System.Threading.Tasks.Task.Yield();\n}\n");

        var build = _harness.Compile($"probe_{Guid.NewGuid():N}.csx", "#load \"shared_location.csx\"\npublic class A { }\n");

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.FilePath, error.Code, error.Line, error.Column), Is.EqualTo((shared, PluginDiagnosticCodes.Detached, 3, 19)));
    }

    [TestCase(".cs", "file static class Hidden\n{\n    [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)]\n    public static int Call() => 0;\n}\n", 4, TestName = "Image-only finding in a file-local type is placed at its member")]
    [TestCase(".csx", "public static class InScript\n{\n    [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)]\n    public static int Call() => 0;\n}\n", 4, TestName = "Image-only finding in a script type is placed at its member")]
    [TestCase(".cs", "namespace Deep.Names\n{\n    public static class Outer\n    {\n        public sealed class Inner\n        {\n            [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)]\n            public int Call() => 0;\n        }\n    }\n}\n", 8, TestName = "Image-only finding in a nested type in a namespace is placed at its member")]
    public void ImageOnlyFinding_IsPlacedAtItsMember(string extension, string source, int line)
    {
        var build = _harness.Compile($"probe_{Guid.NewGuid():N}{extension}", source);

        var error = build.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Code, error.Line), Is.EqualTo((ApiPolicyRules.NativeCode.Code, line)), error.ToString());
        Assert.That(error.Message, Does.Contain("(found in the compiled code of "));
    }

    private PluginBuild Compile(string source) => _harness.Compile($"probe_{Guid.NewGuid():N}.cs", source);

    private static (string Code, int Line, int Column)[] Refusals(PluginBuild build) =>
        [.. build.Diagnostics.Where(d => d.IsError).Select(d => (d.Code, d.Line, d.Column))];
}
