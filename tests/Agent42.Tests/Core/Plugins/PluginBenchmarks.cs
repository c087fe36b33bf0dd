using System.Diagnostics;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Tests.Core.Plugins;

/// <summary>
/// Figures for the hot-reload budget, printed, not asserted. Run alone, in a fresh process, so that the first
/// compile is cold: <c>dotnet test --filter FullyQualifiedName~PluginBenchmarks</c>.
/// </summary>
[Explicit("Measures; run by hand")]
[NonParallelizable]
public sealed class PluginBenchmarks
{
    /// <summary>A 40-line tool of the usual kind.</summary>
    private const string FortyLineTool = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Linq;
        using System.Text;
        using System.Text.RegularExpressions;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed class WordStats(IToolLogger log) : Tool<WordStats.Arguments>
        {
            public override string Name => "word_stats";
            public override string Description => "Counts words in a text and lists the most frequent ones.";

            protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
            {
                var words = Regex.Split(arguments.Text.ToLowerInvariant(), @"\W+").Where(w => w.Length > 0).ToList();
                if (words.Count == 0)
                {
                    return Task.FromResult(ToolResult.Fail("the text has no words"));
                }

                var top = words.GroupBy(w => w)
                    .Select(g => (Word: g.Key, Count: g.Count()))
                    .OrderByDescending(p => p.Count).ThenBy(p => p.Word, StringComparer.Ordinal)
                    .Take(Math.Clamp(arguments.Top, 1, 50));
                var report = new StringBuilder().Append(words.Count).Append(" words").AppendLine();
                foreach (var (word, count) in top)
                {
                    report.Append(word).Append(": ").Append(count).AppendLine();
                }

                log.Debug($"counted {words.Count} words");
                return Task.FromResult(ToolResult.Ok(report.ToString()));
            }

            public sealed record Arguments(
                [property: Description("The text to analyse.")] string Text,
                [property: Description("How many words to list.")] int Top = 10);
        }
        """;

    [Test]
    public void Measure()
    {
        using var harness = new PluginHarness();
        var path = harness.Tools.Write("word_stats.cs", FortyLineTool);

        var cold = Stopwatch.StartNew();
        var first = harness.Compiler.Compile(path, FortyLineTool);
        cold.Stop();
        Assert.That(first.Succeeded, Is.True, () => string.Join("\n", first.Diagnostics));

        var compile = new List<double>();
        var policy = new List<double>();
        var total = new List<double>();
        var load = new List<double>();
        var cycle = new List<double>();
        LoadedPlugin? previous = null;
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var build = harness.Compiler.Compile(path, FortyLineTool);
            total.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            compile.Add(build.CompileTime.TotalMilliseconds);
            policy.Add(build.PolicyTime.TotalMilliseconds);

            var loading = Stopwatch.GetTimestamp();
            var plugin = harness.Loader.Load(build);
            load.Add(Stopwatch.GetElapsedTime(loading).TotalMilliseconds);
            PluginHarness.RunAsync(plugin.Tools.Single(), "{\"text\":\"a b a\"}").GetAwaiter().GetResult();
            previous?.Unload();
            previous = plugin;
            cycle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        previous?.Unload();

        // The same tool with a using static, which makes the policy walk the semantic model too.
        var walked = FortyLineTool.Replace("using System.Text;", "using System.Text;\nusing static System.Math;", StringComparison.Ordinal);
        var walkedPolicy = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var build = harness.Compiler.Compile(path, walked);
            Assert.That(build.Succeeded, Is.True);
            walkedPolicy.Add(build.PolicyTime.TotalMilliseconds);
        }

        TestContext.Out.WriteLine($"policy when the semantic walk runs too, median of 20: {Median(walkedPolicy):0.0} ms");
        TestContext.Out.WriteLine($"cold first compile (parse+compile+emit+policy): {cold.Elapsed.TotalMilliseconds:0} ms (compile {first.CompileTime.TotalMilliseconds:0}, policy {first.PolicyTime.TotalMilliseconds:0})");
        TestContext.Out.WriteLine($"warm compile+emit, median of 20: {Median(compile):0.0} ms");
        TestContext.Out.WriteLine($"policy (walk + scan), median of 20: {Median(policy):0.0} ms");
        TestContext.Out.WriteLine($"whole Compile(), median of 20: {Median(total):0.0} ms");
        TestContext.Out.WriteLine($"load + instantiate, median of 20: {Median(load):0.00} ms");
        TestContext.Out.WriteLine($"full cycle (compile, load, call, unload old), median of 20: {Median(cycle):0.0} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
