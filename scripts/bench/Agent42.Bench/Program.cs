using Agent42.Bench;
using Agent42.Bench.Simulation;

return args switch
{
    ["plugin-cycles", var count] => await PluginCycles.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    ["plugin-cycles"] => await PluginCycles.RunAsync(1000),
    ["startup-profile", var tools, var data] => await StartupProfile.RunAsync(tools, data),
    ["tool-template"] => PrintTemplate(),
    ["catalog-parse"] => CatalogParse.Run(500),
    ["loop-overhead"] => await LoopOverhead.RunAsync(2000),
    ["routing-sim", var history] => await RoutingSimulation.RunAsync(history, 6_000, [42, 1, 2, 3, 4, 5, 6, 7], micro: true, ["default", .. WorldFamilies.All]),
    ["routing-sim", var history, var tasks, var seeds, ..var rest] => await RoutingSimulation.RunAsync(history,
        int.Parse(tasks, System.Globalization.CultureInfo.InvariantCulture),
        seeds.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        micro: !rest.Contains("--no-micro"),
        rest.FirstOrDefault(r => r.StartsWith("--worlds=", StringComparison.Ordinal)) is { } w
            ? HoldoutWorlds.Expand(w["--worlds=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray()
            : ["default", .. WorldFamilies.All]),
    ["routing-micro", var history] => await RoutingSimulation.MicroOnlyAsync(history, 42),
    ["store", var outcomes, var writers] => await StoreBench.RunAsync(int.Parse(outcomes, System.Globalization.CultureInfo.InvariantCulture),
        writers.Split(',').Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
    ["store-writer", var kind, var where, var count, var name] => await StoreBench.WriterAsync(kind, where, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), name),
    ["classify", var fixtures] => ClassifierBench.Run(fixtures, 200),
    ["fake-openrouter", var port] => await FakeOpenRouterServer.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int PrintTemplate()
{
    Console.Write(BenchTool.Template);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Agent42.Bench plugin-cycles [count] | startup-profile <tools-dir> <data-dir> | tool-template | catalog-parse | loop-overhead | routing-sim <free-ids-history.json> [tasks seed[,seed...] [--no-micro] [--worlds=default,specialists,...]] | routing-micro <free-ids-history.json> | store <outcomes> <writers[,writers...]> | classify <fixtures/classification dir> | fake-openrouter <port>");
    return 2;
}
