using System.Runtime.CompilerServices;
using System.Text.Json;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Tests.Core.Plugins.Loading;

/// <summary>Unloading really frees a plugin's load context, after any number of swaps.</summary>
[NonParallelizable]
public sealed class LoadedPluginTests
{
    private const string TypedTool = """
        public sealed class Counter : Tool<Counter.Arguments>
        {
            public override string Name => "counter_VERSION";
            public override string Description => "Counts, version VERSION.";
            protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken) =>
                // The default options' caches see this plugin's type too, not only the SDK's per-instance options.
                Task.FromResult(ToolResult.Ok(JsonSerializer.Serialize(new Echo(arguments.Start + VERSION, arguments.Label))));
            public sealed record Arguments([property: Description("Where to start.")] int Start, string Label = "n");
            public sealed record Echo(int Value, string Label);
        }
        """;

    [Test]
    public void JsonCacheHook_IsFoundInSystemTextJson()
    {
        Assert.That(JsonMetadataCaches.IsAvailable, Is.True);
    }

    [Test]
    public void Unload_TypedToolWhoseArgumentsWereBound_IsCollected()
    {
        using var harness = new PluginHarness();

        var contexts = Swap(harness, cycles: 1);

        Assert.That(CollectAndCountAlive(contexts), Is.Zero);
    }

    [Test]
    public void Unload_After100Swaps_EveryOldContextIsCollected()
    {
        using var harness = new PluginHarness();

        var contexts = Swap(harness, cycles: 100);

        Assert.That(contexts, Has.Count.EqualTo(100));
        Assert.That(CollectAndCountAlive(contexts), Is.Zero);
    }

    [Test]
    public void Unload_IsIdempotentAndEmptiesTheTools()
    {
        using var harness = new PluginHarness();
        var plugin = harness.Load("twice.cs", PluginHarness.Usings + PluginHarness.RawTool("Twice", "twice"));

        plugin.Unload();
        plugin.Unload();

        Assert.That(plugin.IsUnloaded, Is.True);
        Assert.That(plugin.Tools, Is.Empty);
    }

    /// <summary>Compile, load, call and unload, <paramref name="cycles"/> times; no plugin reference survives this frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> Swap(PluginHarness harness, int cycles)
    {
        var contexts = new List<WeakReference>();
        var path = harness.Tools.Combine("counter.cs");
        LoadedPlugin? current = null;
        for (var version = 1; version <= cycles; version++)
        {
            var source = PluginHarness.Usings + TypedTool.Replace("VERSION", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var build = harness.Compiler.Compile(path, source);
            Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
            var next = harness.Loader.Load(build);
            Assert.That(Call(next), Is.EqualTo($"{{\"Value\":{41 + version},\"Label\":\"x\"}}"));

            current?.Unload();
            current = next;
            contexts.Add(next.ContextReference);
        }

        current?.Unload();
        return contexts;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Call(LoadedPlugin plugin)
    {
        var tool = plugin.Tools.Single();
        _ = tool.Parameters; // the schema is generated from the arguments type too
        using var arguments = JsonDocument.Parse("{\"start\":41,\"label\":\"x\"}");
        return tool.ExecuteAsync(arguments.RootElement, CancellationToken.None).GetAwaiter().GetResult().Output;
    }

    private static int CollectAndCountAlive(List<WeakReference> contexts)
    {
        for (var attempt = 0; attempt < 20 && contexts.Any(c => c.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return contexts.Count(c => c.IsAlive);
    }
}
