using System.Collections.Immutable;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;
using Agent42.Core.Plugins;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>Compiles escape probes through the real compiler and policy, or scans an image with no syntax walk at all.</summary>
internal static class PolicyProbe
{
    /// <summary>The usings every probe starts with; a probe's own code begins on the line after them.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        """;

    /// <summary>Compiles the probe and asserts that it is refused with <paramref name="code"/>, at a place in its own code.</summary>
    public static PluginBuild AssertRefused(PluginHarness harness, string source, string code, string extension = ".cs")
    {
        var build = harness.Compile($"probe_{Guid.NewGuid():N}{extension}", Usings + source);
        var errors = build.Diagnostics.Where(d => d.IsError).ToList();

        Assert.That(build.Succeeded, Is.False, "the probe compiled");
        Assert.That(errors, Has.Some.Matches<PluginDiagnostic>(d => d.Code == code), () => string.Join("\n", build.Diagnostics));
        Assert.That(errors.Where(d => d.Code.StartsWith("A42", StringComparison.Ordinal)),
            Has.None.Matches<PluginDiagnostic>(d => d.Line == 1 && d.Column == 1), () => "a refusal at (1,1):\n" + string.Join("\n", errors));
        return build;
    }

    /// <summary>Compiles the probe and asserts that it is accepted.</summary>
    public static void AssertAccepted(PluginHarness harness, string source)
    {
        var build = harness.Compile($"probe_{Guid.NewGuid():N}.cs", Usings + source);

        Assert.That(build.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", build.Diagnostics));
    }

    /// <summary>Compiles with Roslyn alone and runs only the image scan: what the scan finds without any help from the walk.</summary>
    public static IReadOnlyList<PluginDiagnostic> ScanOnly(string source)
    {
        var compilation = CSharpCompilation.Create(
            "scan_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(Usings + source)],
            PluginReferenceSet.Default.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
        return ApiPolicy.Default.CheckImage(ImmutableArray.Create(image.ToArray()), PluginReferenceSet.Default.AssemblyNames, "/tools/p.cs");
    }
}
