using System.Diagnostics;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Bench;

/// <summary>Where a warm start with cached plugins spends its time, phase by phase, in a fresh process.</summary>
internal static class StartupProfile
{
    public static async Task<int> RunAsync(string toolsDirectory, string dataDirectory)
    {
        var total = Stopwatch.StartNew();
        var fingerprint = Stopwatch.StartNew();
        _ = PluginFingerprint.Value;
        fingerprint.Stop();

        var (manager, registry, context) = BenchHost.Create(toolsDirectory, dataDirectory, cacheEnabled: true);
        var load = Stopwatch.StartNew();
        var events = await manager.LoadAllAsync(CancellationToken.None);
        load.Stop();
        var list = Stopwatch.StartNew();
        var infos = registry.List();
        list.Stop();
        Console.WriteLine($"fingerprint {fingerprint.Elapsed.TotalMilliseconds:0.0} ms, load {events.Count} files {load.Elapsed.TotalMilliseconds:0.0} ms " +
            $"(cached: {events.Count(e => e.FromCache)}), list {infos.Count} {list.Elapsed.TotalMilliseconds:0.0} ms, total {total.Elapsed.TotalMilliseconds:0.0} ms, " +
            $"Roslyn loaded: {AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.CodeAnalysis")}");
        var types = registry.Registrations.Select(r => r.Tool.GetType()).ToArray();
        var again = Stopwatch.StartNew();
        var fresh = types.Select(t => ToolActivator.Create(t, context).Tool!).ToArray();
        var activateAgain = again.Elapsed.TotalMilliseconds;
        again.Restart();
        foreach (var tool in fresh)
        {
            _ = tool.Parameters;
        }

        Console.WriteLine($"second round: activate {activateAgain:0.0} ms, schemas {again.Elapsed.TotalMilliseconds:0.0} ms for {fresh.Length} tools");
        await manager.DisposeAsync();
        return 0;
    }
}
