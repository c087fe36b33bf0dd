using System.Diagnostics;
using System.Text.Json;
using Agent42.Core.Models.Catalog;

namespace Agent42.Bench;

/// <summary>Parse and free-filter the shipped 371-model catalog, warm: the median of many runs in one process.</summary>
internal static class CatalogParse
{
    public static int Run(int runs)
    {
        using var stream = typeof(ModelCatalogSnapshot).Assembly.GetManifestResourceStream(ModelCatalogSnapshot.ResourceName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();

        var first = Stopwatch.StartNew();
        var free = Count(bytes);
        var cold = first.Elapsed.TotalMilliseconds;
        for (var i = 0; i < 20; i++)
        {
            Count(bytes);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Count(bytes);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        var figures = new
        {
            catalog_parse = new
            {
                models = 371,
                free_models = free,
                runs,
                first_ms = Math.Round(cold, 2),
                warm_median_ms = Math.Round(times[times.Count / 2], 3),
                warm_p95_ms = Math.Round(times[(int)(times.Count * 0.95)], 3),
                target = "warm under 15 ms",
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return 0;
    }

    private static int Count(byte[] bytes) => OpenRouterCatalogParser.Parse(bytes).Models.Count(m => m.IsFree);
}
