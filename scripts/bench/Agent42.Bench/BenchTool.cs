namespace Agent42.Bench;

/// <summary>The 40-line tool the plugin benchmarks edit, one revision at a time.</summary>
internal static class BenchTool
{
    public const string NameMarker = "__NAME__";
    public const string RevisionMarker = "__REV__";

    public static string Source(string name, int revision) =>
        Template.Replace(NameMarker, name, StringComparison.Ordinal)
            .Replace(RevisionMarker, revision.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The tool with markers for its name and revision; scripts/bench_plugins.py fills them in too.</summary>
    public static string Template => $$"""
        // A 40-line tool used by the benchmark. Revision: {{RevisionMarker}}
        using System;
        using System.ComponentModel;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed record BenchArguments(
            [property: Description("Text to transform.")] string Text,
            [property: Description("How many times.")] int Times = 1,
            [property: Description("Upper-case the result.")] bool Upper = false);

        public sealed class BenchTool(IToolLogger log) : Tool<BenchArguments>
        {
            public override string Name => "{{NameMarker}}";

            public override string Description => "Benchmark tool {{NameMarker}}, revision {{RevisionMarker}}.";

            protected override Task<ToolResult> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
            {
                var times = Math.Clamp(arguments.Times, 1, 10);
                var parts = Enumerable.Repeat(arguments.Text, times).ToArray();
                var joined = string.Join(" ", parts);
                if (arguments.Upper)
                {
                    joined = joined.ToUpperInvariant();
                }

                var words = joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var longest = words.Length == 0 ? string.Empty : words.OrderByDescending(w => w.Length).First();
                log.Debug($"{words.Length} words, longest {longest}");
                var checksum = joined.Aggregate(0, (sum, c) => unchecked(sum * 31 + c));
                return Task.FromResult(ToolResult.Ok($"{joined} ({checksum}) rev {{RevisionMarker}}"));
            }
        }

        """;
}
