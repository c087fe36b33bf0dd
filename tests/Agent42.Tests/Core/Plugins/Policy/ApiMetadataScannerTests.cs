using System.Collections.Immutable;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>The scan sees what the image references whatever the source said, even with no syntax walk at all.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ApiMetadataScannerTests
{
    [Test]
    public void Scan_ImageCallingFileThroughAnAlias_FindsFile()
    {
        var found = Scan("using F = System.IO.File; public static class P { public static string M() => F.ReadAllText(\"x\"); }");

        Assert.That(found, Has.Some.Matches<PluginDiagnostic>(d =>
            d.Code == ApiPolicyRules.FileSystem.Code && d.Message.StartsWith("System.IO.File.ReadAllText is not allowed in tools", StringComparison.Ordinal)
            && d.Message.EndsWith("(found in the compiled code)", StringComparison.Ordinal) && (d.Line, d.Column) == (1, 1)));
    }

    [Test]
    public void Scan_ImageWithRefusedGenericArgument_FindsIt()
    {
        var found = Scan("using System.Collections.Generic; public static class P { public static int M() => new List<System.IO.FileInfo>().Count; }");

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("System.IO.FileInfo is not allowed"));
    }

    [Test]
    public void Scan_ImageWithPInvoke_FindsTheNativeImport()
    {
        var found = Scan("public static class P { [System.Runtime.InteropServices.DllImport(\"libc\")] public static extern int getpid(); }");

        Assert.That(found.Select(d => d.Code), Has.All.EqualTo(ApiPolicyRules.NativeCode.Code).Or.EqualTo(ApiPolicyRules.Interop.Code));
        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("native library libc is not allowed"));
        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("extern method getpid is not allowed"));
    }

    [Test]
    public void Scan_ImageUsingDynamic_FindsTheRuntimeBinder()
    {
        var found = Scan("public static class P { public static object M(object o) { dynamic d = o; return d.Length; } }");

        Assert.That(found.Select(d => d.Code), Has.Some.EqualTo(ApiPolicyRules.Dynamic.Code));
    }

    [Test]
    public void Scan_ImageReferencingAHostAssembly_FindsTheReference()
    {
        var host = MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);

        var found = Scan("public static class P { public static object M() => typeof(Microsoft.Extensions.Logging.ILogger); }", host);

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("assembly Microsoft.Extensions.Logging.Abstractions is not allowed"));
    }

    [Test]
    public void Scan_OrdinaryToolWithCompilerHelpers_FindsNothing()
    {
        var found = Scan("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Agent42.Sdk;
            public sealed class T : Tool<T.Args>
            {
                public sealed record Args(string A, int B);
                public override string Name => "t";
                public override string Description => "d";
                public string this[int i] => "x";
                protected override async Task<ToolResult> RunAsync(Args a, CancellationToken ct)
                {
                    await Task.Delay(1, ct);
                    List<int> l = [a.B, .. Enumerable.Range(0, 3)];
                    Span<int> s = [a.B, a.B];
                    int[] arr = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
                    lock (l) { l.Add(arr[1..3].Length); }
                    return ToolResult.Ok(string.Join(",", a.A, a.A, a.A) + $"{s.Length}{typeof(T) == GetType()}");
                }
            }
            """);

        Assert.That(found, Is.Empty);
    }

    private static IReadOnlyList<PluginDiagnostic> Scan(string source, params MetadataReference[] extra)
    {
        var compilation = CSharpCompilation.Create(
            "scan_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source)],
            PluginReferenceSet.Default.References.Concat(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
        return ApiPolicy.Default.CheckImage(ImmutableArray.Create(image.ToArray()), PluginReferenceSet.Default.AssemblyNames, "/tools/p.cs");
    }
}
