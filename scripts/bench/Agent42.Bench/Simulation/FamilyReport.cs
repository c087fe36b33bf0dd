using System.Text.Json.Nodes;

namespace Agent42.Bench.Simulation;

/// <summary>
/// A family's figures over its seeds: per seed and as means, each policy's regret, the regret ratios of Agent42's
/// router to the plan's design and to textbook Thompson, the switch lags, and issue 13's targets with pass or fail.
/// </summary>
internal static class FamilyReport
{
    public const double PlanTarget = 0.3;
    public const double ThompsonTarget = 0.8;
    public const double LateTarget = 15;
    public const double DegradedTarget = 50;

    public static JsonObject Build(string family, int tasks, IReadOnlyList<(int Seed, IReadOnlyList<PolicyRun> Runs, double Reference, (double Regret, int Runs) Oracle)> seeds, TimeSpan elapsed)
    {
        var perSeed = new JsonArray();
        var ratiosPlan = new List<double>();
        var ratiosThompson = new List<double>();
        var lags = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (seed, runs, reference, oracle) in seeds)
        {
            var by = runs.ToDictionary(r => r.Policy, StringComparer.Ordinal);
            var (agent42, plan, thompson) = (by["agent42"], by["plan"], by["thompson"]);
            var ratioPlan = Ratio(agent42.Regret, plan.Regret);
            var ratioThompson = Ratio(agent42.Regret, thompson.Regret);
            ratiosPlan.Add(ratioPlan);
            ratiosThompson.Add(ratioThompson);
            var row = new JsonObject
            {
                ["seed"] = seed,
                ["regret"] = PerPolicy(runs, r => Math.Round(r.Regret, 1)),
                ["average_reward"] = PerPolicy(runs, r => Math.Round(r.Reward / tasks, 4)),
                ["ratio_vs_plan"] = Math.Round(ratioPlan, 3),
                ["ratio_vs_thompson"] = Math.Round(ratioThompson, 3),
                ["lai_robbins_reference"] = Math.Round(reference, 1),
                ["commit_oracle"] = new JsonObject { ["regret"] = Math.Round(oracle.Regret, 1), ["runs_per_model"] = oracle.Runs },
                ["commit_oracle_vs_plan"] = Math.Round(Ratio(oracle.Regret, plan.Regret), 3),
                ["trial_share"] = Math.Round((double)agent42.Trials / tasks, 3),
                ["unanswered"] = PerPolicy(runs, r => r.Unanswered),
            };
            AddLags(row, lags, "late_model_adopted", runs, r => r.LateAdoption);
            AddLags(row, lags, "late_model_first_pick", runs, r => r.LateFirstPick);
            AddLags(row, lags, "degraded_left", runs, r => r.DegradedLeft);
            if (!agent42.Repeatable)
            {
                row["agent42_unseeded"] = true;
            }

            perSeed.Add(row);
        }

        var totals = seeds.SelectMany(s => s.Runs).GroupBy(r => r.Policy).ToDictionary(g => g.Key, g => g.Sum(r => r.Regret), StringComparer.Ordinal);
        var mean = new JsonObject
        {
            ["regret"] = new JsonObject(totals.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Math.Round(t.Value / seeds.Count, 1)))),
            ["ratio_vs_plan"] = Math.Round(ratiosPlan.Average(), 3),
            ["ratio_vs_plan_worst"] = Math.Round(ratiosPlan.Max(), 3),
            ["ratio_vs_plan_of_totals"] = Math.Round(Ratio(totals["agent42"], totals["plan"]), 3),
            ["ratio_vs_thompson"] = Math.Round(ratiosThompson.Average(), 3),
            ["ratio_vs_thompson_worst"] = Math.Round(ratiosThompson.Max(), 3),
            ["ratio_vs_thompson_of_totals"] = Math.Round(Ratio(totals["agent42"], totals["thompson"]), 3),
            // What a success-only learner must lose asymptotically (see LaiRobbins), as a share of the plan's and Thompson's regret.
            ["lai_robbins_reference"] = Math.Round(seeds.Average(s => s.Reference), 1),
            ["lai_robbins_vs_plan"] = Math.Round(seeds.Sum(s => s.Reference) / totals["plan"], 3),
            ["lai_robbins_vs_thompson"] = Math.Round(seeds.Sum(s => s.Reference) / totals["thompson"], 3),
            // The best explore-then-commit in hindsight (see CommitOracle): what exploring less than Thompson could reach.
            ["commit_oracle"] = Math.Round(seeds.Average(s => s.Oracle.Regret), 1),
            ["commit_oracle_vs_plan"] = Math.Round(seeds.Average(s => Ratio(s.Oracle.Regret, s.Runs.Single(r => r.Policy == "plan").Regret)), 3),
        };
        foreach (var (name, values) in lags.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            mean[name] = Math.Round(values.Average(), 1);
        }

        var targets = new JsonObject
        {
            ["ratio_vs_plan <= 0.3"] = Target(ratiosPlan.Average() <= PlanTarget),
            ["ratio_vs_thompson <= 0.8"] = Target(ratiosThompson.Average() <= ThompsonTarget),
        };
        if (seeds[0].Runs[0].LateAdoption is not null)
        {
            targets["late_model_adopted <= 15"] = Target(lags.GetValueOrDefault("late_model_adopted.agent42"), LateTarget);
        }

        if (seeds[0].Runs[0].DegradedLeft is not null)
        {
            targets["degraded_left <= 50"] = Target(lags.GetValueOrDefault("degraded_left.agent42"), DegradedTarget);
        }

        return new JsonObject
        {
            ["family"] = family,
            ["tasks"] = tasks,
            ["seeds"] = new JsonArray(seeds.Select(s => (JsonNode)s.Seed).ToArray()),
            ["seconds_summed_over_seeds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["mean"] = mean,
            ["targets"] = targets,
            ["pass"] = targets.All(t => t.Value!.GetValue<string>() != "fail"),
            ["per_seed"] = perSeed,
        };
    }

    private static string Target(bool met) => met ? "pass" : "fail";

    /// <summary>Pass or fail on the mean lag; "n/a" when no seed measured one (the router never was on the incumbent).</summary>
    private static string Target(List<double>? lags, double target) => lags is null ? "n/a" : Target(lags.Average() <= target);

    private static double Ratio(double a, double b) => b > 0 ? a / b : a > 0 ? double.PositiveInfinity : 1;

    private static JsonObject PerPolicy<T>(IReadOnlyList<PolicyRun> runs, Func<PolicyRun, T> value) =>
        new(runs.Select(r => KeyValuePair.Create(r.Policy, (JsonNode?)JsonValue.Create(value(r)))));

    /// <summary>
    /// Per policy: the mean lag over the types measured, how many were measured and how many censored; the mean is
    /// also kept for the family's mean (over the seeds that measured any).
    /// </summary>
    private static void AddLags(JsonObject row, Dictionary<string, List<double>> lags, string name, IReadOnlyList<PolicyRun> runs,
        Func<PolicyRun, IReadOnlyList<(int Lag, bool Censored)>?> pick)
    {
        if (pick(runs[0]) is null)
        {
            return;
        }

        var figures = new JsonObject();
        foreach (var run in runs)
        {
            var values = pick(run)!;
            var average = values.Count == 0 ? (double?)null : values.Average(v => v.Lag);
            figures[run.Policy] = new JsonObject
            {
                ["mean"] = average is { } a ? Math.Round(a, 1) : null,
                ["types"] = values.Count,
                ["censored_types"] = values.Count(v => v.Censored),
            };
            if (average is { } measured)
            {
                var key = $"{name}.{run.Policy}";
                if (!lags.TryGetValue(key, out var list))
                {
                    lags[key] = list = [];
                }

                list.Add(measured);
            }
        }

        row[name] = figures;
    }
}
