using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Agent42.Core.Agent;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Hosting;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 routing show | explain &lt;type&gt; | rerank</c>.</summary>
internal static class RoutingCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var routing = new Command("routing", "See and update which model each task type goes to, and why");

        var json = new Option<bool>("--json") { Description = "Print a JSON array: [{type, layer, primary, critic, max_iterations, confidence, samples, trials: {tasks, trials, shortfall_spent, shortfall_allowed, percentage, open}, reason, skipped}]" };
        var show = new Command("show", "The routing per task type: model, layer, score, confidence, samples") { json };
        show.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var service = host.Services.GetRequiredService<RoutingService>();
            var learned = service.Learned();
            var rows = Enum.GetValues<TaskType>().Select(type => (Type: type, Decision: service.Route(type, allowTrial: false), Entry: learned?.Routing.GetValueOrDefault(TaskTypeNames.WireName(type)))).ToList();
            var text = parse.GetValue(json) ? ShowJson(rows, service) : ShowText(rows, service);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var typeArgument = new Argument<string>("type") { Description = "A task type, e.g. coding" };
        var explain = new Command("explain", "Why a task type goes where it goes: each candidate with its terms, prior, posterior and skips") { typeArgument };
        explain.SetAction(async (parse, cancellationToken) =>
        {
            var typeText = parse.GetRequiredValue(typeArgument);
            if (!TaskTypeNames.TryParse(typeText, out var type))
            {
                throw new UsageException($"'{typeText}' is not a task type; use one of {string.Join(", ", Enum.GetValues<TaskType>().Select(TaskTypeNames.WireName))}");
            }

            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var text = Explain(host.Services.GetRequiredService<RoutingService>(), type);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var rerank = new Command("rerank", "Rank every model per task type from the outcome log now and write the routing file");
        rerank.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var service = host.Services.GetRequiredService<RoutingService>();
            var file = service.Rerank();
            var skipped = service.Outcomes().Skipped;
            var text = new StringBuilder();
            foreach (var line in skipped)
            {
                text.Append("skipped ").Append(line).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"reranked {service.Outcomes().Outcomes.Count} outcomes: {file.Routing.Count} task types routed by what was learned, {file.Trials.Count} models on trial\n");
            foreach (var (type, entry) in file.Routing)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {type,-20} {entry.Primary} (confidence {entry.Confidence:0.00}, {entry.SampleSize} outcomes)\n");
            }

            await console.Out.WriteAsync(text.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        routing.Subcommands.Add(show);
        routing.Subcommands.Add(explain);
        routing.Subcommands.Add(rerank);
        return routing;
    }

    private static string ShowText(List<(TaskType Type, RoutingDecision Decision, RoutingEntry? Entry)> rows, RoutingService service)
    {
        var text = new StringBuilder();
        var width = Math.Max(5, rows.Max(r => r.Decision.Primary[0].Key.Length));
        text.Append("TYPE".PadRight(20)).Append("MODEL".PadRight(width + 2)).Append("LAYER    SCORE  CONFIDENCE  N     TRIALS\n");
        foreach (var (type, decision, entry) in rows)
        {
            var rank = service.Ranks(type).FirstOrDefault(r => r.ModelKey == decision.Primary[0].Key);
            text.Append(TaskTypeNames.WireName(type).PadRight(20))
                .Append(decision.Primary[0].Key.PadRight(width + 2))
                .Append(decision.Layer.Text().PadRight(9))
                .Append((rank is null ? "-" : rank.PosteriorMean.ToString("0.00", CultureInfo.InvariantCulture)).PadRight(7))
                .Append((entry is null || decision.Layer != RoutingLayer.Dynamic ? "-" : entry.Confidence.ToString("0.00", CultureInfo.InvariantCulture)).PadRight(12))
                .Append((rank?.Samples ?? 0).ToString(CultureInfo.InvariantCulture).PadRight(6))
                .Append(TrialsCell(service.TrialBudget(type))).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"\nMODEL is where a task goes unless exploration takes it: a draw from every eligible model's posterior, the best draw winning,\n")
            .Append(CultureInfo.InvariantCulture, $"while what exploring costs stays within {service.TrialPercentage:0.#}% of a type's tasks at a {TrialSelector.ShortfallPerTrial} shortfall each\n")
            .Append("(TRIALS: tasks explored so far / the type's tasks). 'agent42 routing explain <type>' shows why and each model's chance.\n");
        return text.ToString();
    }

    private static string ChancesText(IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> chances, string primary, int minTrials)
    {
        var own = chances.FirstOrDefault(c => c.Key == primary).Share;
        var others = chances.Where(c => c.Key != primary && c.Share > 0).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"    next task, by {TrialSelector.ExplainDraws} draws with a fixed seed: {primary} {own:0.0%}\n");
        // Models whose draws could beat the best one's but whose runs would not pay for themselves over the type's
        // horizon, whether their own runs or their record on related types says so: every draw but the reserve's must pay.
        var bestMean = chances.Count == 0 ? 0 : chances.Max(o => o.Posterior.Mean);
        var held = chances.Count(c => c.Key != primary && c.Share <= 0 && !c.Pays && c.Posterior.Mean + (2 * c.Posterior.StdDev) >= bestMean);
        var heldText = held == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $"    {held} more could out-draw it but would not repay their runs' shortfall within the tasks this type remembers (see below), so they wait until their records fade\n");
        if (others.Count == 0)
        {
            return text + "    but no other model has a real chance of being drawn now, so none will be tried\n" + heldText;
        }

        var shown = others.Take(5).Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Key} ({(c.Posterior.Samples == 0 ? "untried" : c.Posterior.Samples < minTrials ? $"{c.Posterior.Samples} of {minTrials}" : $"{c.Posterior.Samples} outcomes")}, {c.Posterior.Mean:0.00} +/- {c.Posterior.StdDev:0.00}{(c.Posterior.Doubt > 0 ? $", its prior in doubt {c.Posterior.Doubt:0%}" : string.Empty)}{(c.Posterior.TrialsPerRun > 1.005 ? FormattableString.Invariant($", each run worth {c.Posterior.TrialsPerRun:0.0} trials") : string.Empty)}, {c.Share:0.0%})"));
        return text + $"    could be tried: {string.Join(", ", shown)}{(others.Count > 5 ? $" and {others.Count - 5} more" : string.Empty)}\n" + heldText;
    }

    private static string ProbeText(RoutingService service, IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> chances,
        RoutingDecision decision)
    {
        if (decision.Layer == RoutingLayer.Admin || service.TrialPercentage <= 0)
        {
            return string.Empty;
        }

        var (every, left) = service.ProbeRule;
        var probe = chances.FirstOrDefault(c => c.Probe);
        return string.Create(CultureInfo.InvariantCulture,
            $"    probes: about one task in {every} looks at a model left on every type for {left:#,0} outcomes (sooner after a look that beat its record), in case it changed;")
            + (probe.Probe
                ? string.Create(CultureInfo.InvariantCulture, $" one is due: {probe.Key} (priority {probe.Posterior.ProbePriority:#,0})\n")
                : " none is due now\n");
    }

    private static string TrialsCell((int Runs, int Trials, double Spent, double Allowance, bool Open, double Percentage) budget) =>
        string.Create(CultureInfo.InvariantCulture, $"{budget.Trials}/{budget.Runs}{(budget.Open ? string.Empty : " (spent)")}");

    private static string ShowJson(List<(TaskType Type, RoutingDecision Decision, RoutingEntry? Entry)> rows, RoutingService service)
    {
        var array = new JsonArray();
        foreach (var (type, decision, entry) in rows)
        {
            array.Add(new JsonObject
            {
                ["type"] = TaskTypeNames.WireName(type),
                ["layer"] = decision.Layer.Text(),
                ["primary"] = decision.Primary[0].Key,
                ["critic"] = decision.Critic[0].Key,
                ["max_iterations"] = decision.MaxIterations,
                ["confidence"] = decision.Layer == RoutingLayer.Dynamic ? entry?.Confidence : null,
                ["samples"] = decision.Layer == RoutingLayer.Dynamic ? entry?.SampleSize : null,
                ["trials"] = TrialsJson(service.TrialBudget(type)),
                ["reason"] = decision.Reason,
                ["skipped"] = new JsonArray(decision.Skipped.Select(s => (JsonNode)s).ToArray()),
            });
        }

        return CliJson.Write(array);
    }

    private static string Explain(RoutingService service, TaskType type)
    {
        var decision = service.Route(type, allowTrial: false);
        var wire = TaskTypeNames.WireName(type);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{wire}: {decision.Primary[0].Key} (layer: {decision.Layer.Text()})\n");
        text.Append("  why: ").Append(decision.Reason).Append('\n');
        text.Append("  critic: ").Append(decision.Critic[0].Key).Append(CultureInfo.InvariantCulture, $"; at most {decision.MaxIterations} iterations\n");
        text.Append("  order: ").AppendJoin(" > ", decision.Primary.Take(6).Select(c => c.Key)).Append(decision.Primary.Count > 6 ? " > ..." : string.Empty).Append('\n');
        var budget = service.TrialBudget(type);
        // The draws' chances and the probe from one pool, on one view of the log; neither while the admin override is set.
        IReadOnlyList<(string Key, Posterior Posterior, double Share, bool Pays, bool Probe)> chances =
            decision.Layer == RoutingLayer.Admin ? [] : service.Chances(type, decision.Primary[0].Key);
        text.Append(CultureInfo.InvariantCulture, $"  trials: {budget.Trials} of {budget.Runs} {wire} tasks so far explored other models, at an expected shortfall of {budget.Spent:0.00}")
            .Append(CultureInfo.InvariantCulture, $" of the {budget.Allowance:0.00} allowed ({budget.Percentage:0.#}% of the tasks at {TrialSelector.ShortfallPerTrial} each); ")
            .Append(decision.Layer == RoutingLayer.Admin
                ? "none while the admin override is set\n"
                : (budget.Open
                    ? "the next task may go to another model, by a draw from every eligible model's posterior (a promising model new to the type first)\n"
                    : $"that is spent, so the next task goes to the best posterior mean unless a model with no outcomes on any other type and fewer than {TrialSelector.ReservePulls} on this one wins the draw and exploring it pays, or is promising\n")
                  + ChancesText(chances, decision.Primary[0].Key, service.MinTrials)
                  + ProbeText(service, chances, decision));
        foreach (var skip in decision.Skipped)
        {
            text.Append("  skipped ").Append(skip).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"\nWhat the outcomes say about {wire} (composite = 0.4 success + 0.3 iteration efficiency + 0.2 critic + 0.1 token efficiency;\n")
            .Append(CultureInfo.InvariantCulture, $"posterior = a Beta prior (from research, else the model's record on its other types weighed by how alike they are, else 0.5) worth WORTH outcomes,\n")
            .Append(CultureInfo.InvariantCulture, $"updated by each run's composite, discounted by {OutcomeStats.Forgetting} per later {wire} task (EFF.N: what the runs are still worth;\n")
            .Append(CultureInfo.InvariantCulture, $"RESETS: histories dropped, or cut back on every type, when recent runs (here, or the model's looks on all types) disagreed with them;\nCRITIC.OFF: how much higher than its success the critic scores the model,\n")
            .Append("relative to the others, taken out of its reward); proven after ").Append(service.MinTrials).Append(" outcomes.\n");
        // One view of the log for the lines below: each Stats() may take in lines another process appended meanwhile.
        var stats = service.Stats();
        var (decisionRate, share) = stats.DecisionDiscount(type);
        text.Append(CultureInfo.InvariantCulture, $"The next task's draws use the same runs discounted by {decisionRate:0.######} per {wire} task instead ({wire} has {share:0.#%} of the tasks;\n")
            .Append(CultureInfo.InvariantCulture, $"a type with more of the traffic forgets slower per task, {OutcomeStats.DecisionForgetting} at an even share), and hold a prior from other types in doubt\n")
            .Append(CultureInfo.InvariantCulture, $"(a share of each model's draws ignores it; see 'could be tried' above). What is learnt now counts for about {ExplorationValue.Horizon(decisionRate):#,0} {wire} tasks:\n")
            .Append(CultureInfo.InvariantCulture, $"a draw of a model below the best mean is kept only if some number of its runs is expected to raise the best mean by more than\n")
            .Append("they cost over those tasks (the knowledge gradient); otherwise the task goes to the best mean.\n");
        var (doubtShare, doubtRecords) = stats.DoubtShare();
        text.Append(CultureInfo.InvariantCulture, $"Before a model's own runs on a type, {doubtShare:0%} of its draws ignore its record elsewhere: learned from how often that record failed to predict\n")
            .Append(CultureInfo.InvariantCulture, $"the runs of {doubtRecords} (model, type) record(s) with {PriorDoubt.MinEvidenceWeight:0}+ runs ({PriorDoubt.Share:0%} with none, kept within {PriorDoubt.MinShare:0%}..{PriorDoubt.MaxShare:0%}).\n");
        var (offset, groupSpread, allSpread) = stats.Alikeness(type);
        text.Append(CultureInfo.InvariantCulture, $"How alike {wire} is to the other types, from the models with runs on both: it scores {offset:+0.00;-0.00} against a model's level elsewhere,\n")
            .Append(CultureInfo.InvariantCulture, $"and a model's score here strays +/- {groupSpread:0.00} from its level on the {TaskTypeGroups.Of(type)} types, +/- {allSpread:0.00} from its level on all types\n")
            .Append("(the narrower spread gives the prior; the wider the spread, the less the prior is worth):\n");
        var ranks = service.Ranks(type);
        if (ranks.Count == 0)
        {
            text.Append("  no outcomes yet: the built-in defaults decide (free, tool support, largest context).\n");
            return text.ToString();
        }

        text.Append("  MODEL                               N   SUCCESS  ITER.EFF  CRITIC  TOKEN.EFF  COMPOSITE  PRIOR WORTH FROM                      POSTERIOR     EFF.N  RESETS  CRITIC.OFF\n");
        foreach (var r in ranks)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {r.ModelKey,-34} {r.Samples,3}   {r.SuccessRate,7:0.00}  {r.IterationEfficiency,8:0.00}  {(r.CriticScore is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "-"),6}  {r.TokenEfficiency,9:0.00}  {r.Composite,9:0.00}  {r.Prior.Mean,5:0.00} {r.Prior.Weight,5:0} {r.Prior.Source,-24}  {r.PosteriorMean,5:0.00} +/- {r.PosteriorStdDev:0.00}  {r.EffectiveSamples,6:0.0}  {r.Resets,6}  {r.CriticOffset,10:+0.00;-0.00}{(r.Samples < service.MinTrials ? "  (unproven)" : string.Empty)}\n");
        }

        return text.ToString();
    }

    private static JsonObject TrialsJson((int Runs, int Trials, double Spent, double Allowance, bool Open, double Percentage) budget) => new()
    {
        ["tasks"] = budget.Runs,
        ["trials"] = budget.Trials,
        ["shortfall_spent"] = Math.Round(budget.Spent, 4),
        ["shortfall_allowed"] = Math.Round(budget.Allowance, 4),
        ["percentage"] = budget.Percentage,
        ["open"] = budget.Open,
    };
}
