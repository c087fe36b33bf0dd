using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Ordinary C#, one language feature per sample, compiled through the real compiler and policy: every sample
/// must be accepted. What the compiler emits for a construct (state machines, closures, collection builders,
/// synthesized record members) is the compiler's, not the tool's, and must not be refused as if written by hand.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class ConstructCoverageTests
{
    private const string Usings = """
        using System;
        using System.Buffers;
        using System.Collections;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.ComponentModel;
        using System.IO;
        using System.Linq;
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.Json;
        using System.Text.RegularExpressions;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        """;

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> Constructs() =>
        ConstructSamples.All.Select(pair => new TestCaseData(pair.Key).SetArgDisplayNames(pair.Key));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(Constructs))]
    public void Construct_InOrdinaryToolCode_IsAccepted(string construct)
    {
        var build = _harness.Compile($"construct_{Guid.NewGuid():N}.cs", Usings + ConstructSamples.All[construct]);

        Assert.That(build.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", build.Diagnostics));
        Assert.That(build.Succeeded, Is.True);
    }

    [Test]
    public void Construct_InAScript_IsAcceptedToo()
    {
        const string Script = """
            public static class Iterators
            {
                public static IEnumerable<int> Evens(int n) { for (var i = 0; i < n; i++) { if (i % 2 == 0) yield return i; } }
                public static async IAsyncEnumerable<int> Count(int n) { for (var i = 0; i < n; i++) { await Task.Yield(); yield return i; } }
                public static System.Collections.Immutable.ImmutableArray<T> Make<T>() where T : new() => [new T()];
                public static async Task<int> Sum() { var t = 0; await foreach (var i in Count(3)) t += i; try { } finally { await Task.Yield(); } return t; }
            }
            """;
        var build = _harness.Compile($"construct_{Guid.NewGuid():N}.csx", Script);

        Assert.That(build.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", build.Diagnostics));
    }
}
