using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Agent42.Core.Models.Research;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 research run [--json]</c>: gather benchmark scores into routing priors now.</summary>
internal static class ResearchCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var research = new Command("research", "Benchmark research that seeds the routing's priors (data/model_research.json)");
        var json = new Option<bool>("--json") { Description = "Print a JSON object: {enabled, sources: [{source, skipped, scores, problems}], models, unmatched}" };
        var run = new Command("run", "Gather scores from every configured source now; each source may be missing or fail without stopping the others") { json };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var report = await host.Services.GetRequiredService<ModelResearcher>().RunAsync(cancellationToken).ConfigureAwait(false);
            var text = parse.GetValue(json) ? Json(report) : Text(report);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        research.Subcommands.Add(run);
        return research;
    }

    private static string Text(ResearchReport report)
    {
        if (!report.Enabled)
        {
            return "research is off (MODEL_RESEARCH_ENABLED=false); routing learns from outcomes alone\n";
        }

        var text = new StringBuilder();
        foreach (var source in report.Sources)
        {
            var state = source.Skipped ? "skipped" : source.Failed ? "failed" : $"{source.Scores} scores";
            text.Append(CultureInfo.InvariantCulture, $"{source.Source}: {state}\n");
            foreach (var problem in source.Problems)
            {
                text.Append("  ").Append(problem).Append('\n');
            }
        }

        var file = report.File;
        text.Append(CultureInfo.InvariantCulture, $"{file?.Scores.Count ?? 0} models with scores, {file?.Unmatched.Count ?? 0} names unmatched; written to data/model_research.json\n");
        return text.ToString();
    }

    private static string Json(ResearchReport report)
    {
        var sources = new JsonArray(report.Sources.Select(s => (JsonNode)new JsonObject
        {
            ["source"] = s.Source,
            ["skipped"] = s.Skipped,
            ["scores"] = s.Scores,
            ["problems"] = new JsonArray(s.Problems.Select(p => (JsonNode)p).ToArray()),
        }).ToArray());
        var json = new JsonObject
        {
            ["enabled"] = report.Enabled,
            ["sources"] = sources,
            ["models"] = report.File?.Scores.Count ?? 0,
            ["unmatched"] = report.File?.Unmatched.Count ?? 0,
        };
        return CliJson.Write(json);
    }
}
