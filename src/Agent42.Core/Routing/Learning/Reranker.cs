using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Turns the evaluator's ranks into <c>dynamic_routing.json</c>: per task type the best proven model (at least
/// <c>MODEL_MIN_TRIALS</c> outcomes) as primary, the runner-up as critic, the others as fallbacks, and a confidence
/// that is the probability, under the two posteriors, that the primary's next run beats the runner-up's. Models
/// not yet proven are listed as trials. Deterministic: the same log gives the same file.
/// </summary>
internal static class Reranker
{
    public static RoutingFile Rerank(
        OutcomeStats outcomes,
        IReadOnlyCollection<string> eligibleModels,
        Func<string, TaskType, double?> prior,
        RoutingOptions options,
        DateTimeOffset now)
    {
        var routing = new SortedDictionary<string, RoutingEntry>(StringComparer.Ordinal);
        var eligible = eligibleModels.ToHashSet(StringComparer.Ordinal);
        foreach (var type in Enum.GetValues<TaskType>())
        {
            var ranks = outcomes.Ranks(type, key => prior(key, type), options.PriorWeight)
                .Where(r => eligible.Contains(r.ModelKey))
                .ToList();
            var proven = ranks.Where(r => r.Samples >= options.MinTrials).ToList();
            if (proven.Count == 0)
            {
                continue;
            }

            var best = proven[0];
            var runnerUp = proven.Count > 1 ? proven[1] : ModelEvaluator.Unproven("(an untried model)", null, options.PriorWeight);
            var sampler = new BetaSampler(new Random(StableSeed(TaskTypeNames.WireName(type))));
            var confidence = sampler.ProbabilityGreater(best.Alpha, best.Beta, runnerUp.Alpha, runnerUp.Beta);
            routing[TaskTypeNames.WireName(type)] = new RoutingEntry(
                best.ModelKey,
                proven.Count > 1 ? proven[1].ModelKey : null,
                Math.Round(confidence, 3),
                best.Samples,
                TaskTypeDefaults.MaxIterations(type),
                proven.Skip(1).Select(r => r.ModelKey).ToArray());
        }

        var trials = new SortedDictionary<string, TrialEntry>(StringComparer.Ordinal);
        var unproven = Enum.GetValues<TaskType>()
            .SelectMany(type => outcomes.Ranks(type, _ => null, options.PriorWeight)
                .Where(r => eligible.Contains(r.ModelKey) && r.Samples < options.MinTrials)
                .Select(r => (Type: type, r.ModelKey, r.Samples)))
            .GroupBy(x => x.ModelKey, StringComparer.Ordinal);
        foreach (var model in unproven)
        {
            trials[model.Key] = new TrialEntry(
                model.Select(x => TaskTypeNames.WireName(x.Type)).Order(StringComparer.Ordinal).ToArray(),
                model.Sum(x => x.Samples),
                options.MinTrials);
        }

        return new RoutingFile(now, routing, trials);
    }

    private static int StableSeed(string text)
    {
        var seed = 17;
        foreach (var c in text)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }
}
