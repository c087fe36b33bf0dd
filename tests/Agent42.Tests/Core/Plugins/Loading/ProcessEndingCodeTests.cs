using System.Collections.Immutable;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agent42.Tests.Core.Plugins.Loading;

/// <summary>
/// The loader's own guard against code whose exception ends the process (A42305), for images the API policy never
/// saw (a compile cache entry, an activation request): compiled here with Roslyn alone, no policy, then loaded.
/// </summary>
public sealed class ProcessEndingCodeTests : IDisposable
{
    private const string Members = "public override string Name => \"probe\"; public override string Description => \"d\"; "
        + "public override JsonElement Parameters => JsonDocument.Parse(\"{\\\"type\\\":\\\"object\\\"}\").RootElement.Clone(); "
        + "public override Task<ToolResult> ExecuteAsync(JsonElement a, CancellationToken c) => Task.FromResult(ToolResult.Ok(\"x\")); }";

    private readonly PluginHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    /// <summary>An image straight from Roslyn: what the policy would have refused is in it.</summary>
    private PluginBuild ImageOnly(string source)
    {
        var path = _harness.Tools.Write("p.cs", PluginHarness.Usings + source);
        var compilation = CSharpCompilation.Create(
            "unchecked_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(PluginHarness.Usings + source, path: path)],
            PluginReferenceSet.Default.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
        return PluginBuild.FromImage(path, ImmutableArray.Create(image.ToArray()), []);
    }

    [TestCase("public sealed class P : Tool { public P() { Fire(); } private async void Fire() { await Task.Yield(); throw new InvalidOperationException(\"boom\"); } " + Members,
        "the async void method Fire", TestName = "AnImageWithAsyncVoid_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { public P() { Action a = async () => { await Task.Yield(); throw new InvalidOperationException(); }; a(); } " + Members,
        "an async lambda passed as a void-returning delegate", TestName = "AnImageWithAnAsyncVoidLambda_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { ~P() { throw new InvalidOperationException(\"boom\"); } " + Members,
        "P has a finalizer", TestName = "AnImageWithAFinalizer_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { private readonly ITimer _t = TimeProvider.System.CreateTimer(_ => throw new InvalidOperationException(\"boom\"), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan); " + Members,
        "TimeProvider.CreateTimer is not allowed in tools", TestName = "AnImageWithATimerCallback_IsRefusedBeforeItRuns")]
    public void Load(string source, string message)
    {
        var loaded = _harness.Loader.Load(ImageOnly(source));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Snapshots, Is.Empty, "nothing of the image ran");
            Assert.That(loaded.IsUnloaded, Is.True);
            Assert.That(loaded.Diagnostics.Select(d => d.Code).Distinct(), Is.EqualTo(new[] { PluginDiagnosticCodes.ProcessEndingCode }));
            Assert.That(loaded.Diagnostics.Single().Message, Does.Contain(message).And.Contain("ends the Agent42 process"));
        });
    }

    [Test]
    public void Load_OfAnImageWithNoneOfIt_LoadsItsTools()
    {
        var loaded = _harness.Loader.Load(ImageOnly("public sealed class P : Tool { " + Members));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Diagnostics, Is.Empty);
            Assert.That(loaded.Snapshots.Select(s => s.Name), Is.EqualTo(new[] { "probe" }));
        });
        loaded.Unload();
    }
}
