using System.Diagnostics;
using System.Text.Json;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Outcomes;

namespace Agent42.Bench;

/// <summary>
/// The task-type classifier: accuracy on the labelled sets, the time and allocation of one classification of an
/// ordinary prompt, and the time of hostile 100 KB texts.
/// </summary>
internal static class ClassifierBench
{
    public static int Run(string fixtures, int rounds)
    {
        var classifier = new TaskTypeClassifier();
        var sets = new[] { "tuning.tsv", "heldout.tsv" }.ToDictionary(f => f, f => File.ReadAllLines(Path.Combine(fixtures, f))
            .Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t', 2)).ToArray());
        var prompts = sets.Values.SelectMany(s => s.Select(r => r[1])).ToArray();
        foreach (var prompt in prompts)
        {
            classifier.Classify(prompt);
        }

        var samples = new double[rounds * prompts.Length];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var n = 0;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var prompt in prompts)
            {
                var started = Stopwatch.GetTimestamp();
                classifier.Classify(prompt);
                samples[n++] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(samples);
        var hostile = new Dictionary<string, string>
        {
            ["words"] = string.Join(' ', Enumerable.Range(0, 25_000).Select(i => prompts[i % prompts.Length].Split(' ')[0])),
            ["one_word"] = new string('a', 100_000),
            ["punctuation"] = new string('?', 100_000),
            ["clauses"] = string.Concat(Enumerable.Repeat("fix, ", 20_000)),
            ["fences"] = string.Concat(Enumerable.Repeat("```", 33_000)),
            ["typos"] = string.Concat(Enumerable.Repeat("implemnt ", 11_000)),
        };
        var hostileMs = hostile.ToDictionary(h => h.Key, h =>
        {
            var started = Stopwatch.GetTimestamp();
            classifier.Classify(h.Value[..Math.Min(h.Value.Length, 100_000)]);
            return Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
        });

        var figures = new
        {
            classifier = new
            {
                accuracy = sets.ToDictionary(s => s.Key, s => Math.Round(
                    (double)s.Value.Count(r => TaskTypeNames.WireName(classifier.Classify(r[1]).Type) == r[0]) / s.Value.Length, 3)),
                classifications = n,
                mean_us = Math.Round(samples.Average(), 2),
                p50_us = Math.Round(samples[n / 2], 2),
                p99_us = Math.Round(samples[(int)(n * 0.99)], 2),
                allocated_bytes_per_classification = allocated / n,
                hostile_100kb_ms = hostileMs,
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
