using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Agent42.Core.Plugins;
using Agent42.Core.Tools;

namespace Agent42.Bench;

/// <summary>
/// Edits one tool file <c>count</c> times in one process through the real plugin manager (compile, load, swap,
/// call, unload), then reports the managed heap growth and how many of the replaced load contexts the GC
/// could not collect.
/// </summary>
internal static class PluginCycles
{
    private static readonly JsonElement Arguments = JsonDocument.Parse("""{"text":"hello world","times":2,"upper":true}""").RootElement;

    public static async Task<int> RunAsync(int count)
    {
        var root = Directory.CreateTempSubdirectory("a42-cycles-").FullName;
        try
        {
            var tools = Path.Combine(root, "custom_tools");
            Directory.CreateDirectory(tools);
            var file = Path.Combine(tools, "bench_tool.cs");
            await File.WriteAllTextAsync(file, BenchTool.Source("bench_tool", 0));

            var (manager, registry, _) = BenchHost.Create(tools, Path.Combine(root, "data"), cacheEnabled: false);
            await manager.LoadAllAsync(CancellationToken.None);

            // Warm up Roslyn and the JIT, then take the baseline.
            await CycleAsync(manager, registry, file, 1, 20, []);
            var heapBefore = SettledHeap();
            var contexts = new List<WeakReference>(count);
            var times = await CycleAsync(manager, registry, file, 21, count, contexts);
            var alive = CountAlive(contexts);
            var heapAfter = SettledHeap();

            times.Sort();
            var figures = new
            {
                cycles = count,
                heap_before_mb = Math.Round(heapBefore / 1048576.0, 2),
                heap_after_mb = Math.Round(heapAfter / 1048576.0, 2),
                heap_growth_mb = Math.Round((heapAfter - heapBefore) / 1048576.0, 2),
                old_contexts = contexts.Count,
                old_contexts_alive = alive,
                cycle_median_ms = Math.Round(times[times.Count / 2], 1),
                cycle_p95_ms = Math.Round(times[(int)(times.Count * 0.95)], 1),
                target = "heap growth <= 3 MB and every old load context collected (issue 10)",
            };
            Console.WriteLine(JsonSerializer.Serialize(new { plugin_cycles = figures }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<List<double>> CycleAsync(PluginManager manager, ToolRegistry registry, string file, int first, int count, List<WeakReference> contexts)
    {
        var times = new List<double>(count);
        for (var revision = first; revision < first + count; revision++)
        {
            contexts.Add(manager.LiveVersion(file)!.ContextReference);
            await File.WriteAllTextAsync(file, BenchTool.Source("bench_tool", revision));
            var started = Stopwatch.GetTimestamp();
            var e = await manager.ApplyAsync(file, started, CancellationToken.None);
            if (e?.Kind != PluginEventKind.Updated)
            {
                throw new InvalidOperationException($"revision {revision} did not load: {string.Join("; ", e?.Diagnostics ?? [])}");
            }

            var result = await registry.ExecuteAsync("bench_tool", Arguments);
            if (!result.Output.EndsWith($"rev {revision}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"revision {revision} answered '{result.Content}'");
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static int CountAlive(List<WeakReference> contexts)
    {
        for (var i = 0; i < 10 && contexts.Any(c => c.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return contexts.Count(c => c.IsAlive);
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
