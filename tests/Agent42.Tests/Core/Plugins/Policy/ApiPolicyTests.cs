using Agent42.Core.Plugins.Compiling;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>A refused API is found however it is spelled, and reported once, where it is written.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class ApiPolicyTests
{
    private PluginHarness _harness = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [Test]
    public void Alias_ToRefusedType_IsReportedAtTheAliasAndAtTheUse()
    {
        var diagnostics = Errors("""
            using F = System.IO.File;
            public static class Probe
            {
                public static string M() => F.ReadAllText("x");
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[]
        {
            ("A42001", 1, 11, "System.IO.File"),
            ("A42001", 4, 33, "System.IO.File.ReadAllText"),
        }));
    }

    [Test]
    public void UsingStatic_OfRefusedType_IsReportedAtTheDirectiveAndAtTheUse()
    {
        var diagnostics = Errors("""
            using static System.IO.File;
            public static class Probe
            {
                public static string M() => ReadAllText("x");
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[]
        {
            ("A42001", 1, 14, "System.IO.File"),
            ("A42001", 4, 33, "System.IO.File.ReadAllText"),
        }));
    }

    [Test]
    public void FullyQualifiedName_IsReportedOnceAtItsStart()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static string M() => System.IO.File.ReadAllText("x");
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42001", 3, 33, "System.IO.File.ReadAllText") }));
    }

    [Test]
    public void GenericArgument_IsReportedAtTheArgument()
    {
        var diagnostics = Errors("""
            using System.Collections.Generic;
            public static class Probe
            {
                public static object M() => new List<System.IO.FileInfo>();
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42001", 4, 42, "System.IO.FileInfo") }));
    }

    [Test]
    public void Typeof_IsReportedAtTheType()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static object M() => typeof(System.IO.File);
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42001", 3, 40, "System.IO.File") }));
    }

    [Test]
    public void InferredGenericArgument_IsReportedAtTheCall()
    {
        var diagnostics = Errors("""
            using System.Linq;
            public static class Probe
            {
                public static object M(object o) => Enumerable.Repeat((System.IO.FileInfo)o, 2);
            }
            """);

        Assert.That(diagnostics, Is.EquivalentTo(new[]
        {
            ("A42001", 4, 41, "System.IO.FileInfo"),
            ("A42001", 4, 60, "System.IO.FileInfo"),
        }));
    }

    [Test]
    public void DllImportAttribute_IsReportedAtTheAttributeAndExternAtTheKeyword()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                [System.Runtime.InteropServices.DllImport("libc")]
                public static extern int getpid();
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[]
        {
            ("A42013", 3, 6, "System.Runtime.InteropServices.DllImportAttribute"),
            ("A42013", 4, 19, "extern"),
        }));
    }

    [Test]
    public void NestedLambda_IsReportedInsideIt()
    {
        var diagnostics = Errors("""
            using System;
            public static class Probe
            {
                public static Func<Func<string>> F = () => () => System.IO.File.ReadAllText("x");
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42001", 4, 54, "System.IO.File.ReadAllText") }));
    }

    [Test]
    public void Dynamic_IsReportedAtTheKeyword()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static object M()
                {
                    dynamic d = "text";
                    return d.Length;
                }
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42012", 5, 9, "dynamic") }));
    }

    [Test]
    public void Extern_IsReportedAtTheKeyword()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static extern int getpid();
            }
            """);

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42013", 3, 19, "extern") }));
    }

    [Test]
    public void Var_OfRefusedType_IsReportedAtVar()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static object M(object o)
                {
                    var info = ((System.IO.FileInfo)o).Directory;
                    return info!;
                }
            }
            """);

        Assert.That(diagnostics, Has.Member(("A42001", 5, 9, "System.IO.DirectoryInfo")));
        Assert.That(diagnostics, Has.Member(("A42001", 5, 20, "System.IO.FileInfo.Directory")));
    }

    [Test]
    public void ExtensionMethod_OnAllowedType_IsReportedByItsDeclaringType()
    {
        var diagnostics = Errors("""
            using System.Reflection;
            public static class Probe
            {
                public static object M() => typeof(string).GetTypeInfo();
            }
            """);

        Assert.That(diagnostics, Has.Member(("A42004", 1, 7, "System.Reflection")).Or.Member(("A42004", 4, 33, "System.Reflection.IntrospectionExtensions.GetTypeInfo")));
        Assert.That(diagnostics.Select(d => d.Code), Has.All.EqualTo("A42004"));
    }

    [Test]
    public void UsingOfWhollyRefusedNamespace_IsReported()
    {
        var diagnostics = Errors("using System.Net.Http;\npublic static class Probe { }\n");

        Assert.That(diagnostics, Is.EqualTo(new[] { ("A42002", 1, 7, "System.Net.Http") }));
    }

    [Test]
    public void UsingOfNamespaceWithAllowedTypes_IsNotReported()
    {
        var build = Compile("using System.IO;\npublic static class Probe { public static string M() => new StringReader(\"a\").ReadToEnd(); }\n");

        Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
    }

    [Test]
    public void ForeachOverRefusedEnumerable_IsReported()
    {
        var diagnostics = Errors("""
            public static class Probe
            {
                public static int M(object o)
                {
                    var n = 0;
                    foreach (var line in System.IO.File.ReadLines("x")) n++;
                    return n;
                }
            }
            """);

        Assert.That(diagnostics, Has.Member(("A42001", 6, 30, "System.IO.File.ReadLines")));
    }

    [Test]
    public void ScriptTopLevelStatement_IsCheckedToo()
    {
        var build = _harness.Compile($"probe_{Guid.NewGuid():N}.csx", "var text = System.IO.File.ReadAllText(\"x\");\npublic class A { }\n");

        Assert.That(build.Diagnostics.Where(d => d.IsError).Select(d => (d.Code, d.Line, d.Column)), Is.EqualTo(new[] { ("A42001", 1, 12) }));
    }

    [Test]
    public void Message_SaysWhatWhyAndWhatToUseInstead()
    {
        var error = Compile("public static class Probe { public static void M() => System.Console.WriteLine(); }\n").Diagnostics.Single(d => d.IsError);

        Assert.That(error.Message, Is.EqualTo(
            "System.Console.WriteLine is not allowed in tools: the console belongs to Agent42's user interface; return text through ToolResult and log through IToolLogger"));
        Assert.That(error.ToString(), Does.Match(@"\(1,55\): error A42010: System\.Console\.WriteLine is not allowed in tools: "));
    }

    private PluginBuild Compile(string source) => _harness.Compile($"probe_{Guid.NewGuid():N}.cs", source);

    /// <summary>The errors as (code, line, column, what), in source order.</summary>
    private (string Code, int Line, int Column, string What)[] Errors(string source)
    {
        var build = Compile(source);
        Assert.That(build.Succeeded, Is.False);
        return build.Diagnostics
            .Where(d => d.IsError && d.Code.StartsWith("A42", StringComparison.Ordinal))
            .Select(d => (d.Code, d.Line, d.Column, d.Message[..d.Message.IndexOf(" is not allowed", StringComparison.Ordinal)]))
            .ToArray();
    }
}
