using System.Text.Json;
using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Bench.Simulation;

/// <summary>
/// Runs one policy through one world, task by task: a catalog sync whenever the world's catalog changes, the
/// policy's choice, the real <see cref="ModelFailover"/> over the choice's order (429s recorded in the policy's
/// cooldowns, if it has any), and the answering model's outcome back to the policy. Regret per task: the best hidden
/// rate among the models listed and answering then, minus the rate of the model that answered (all of it when none did).
/// </summary>
internal static class SimRunner
{
    private static readonly IList<ChatMessage> Prompt = [new ChatMessage(ChatRole.User, "a simulated task")];

    public static async Task<PolicyRun> RunAsync(SimWorld world, Func<SimClock, IRoutingPolicy> create)
    {
        var clock = new SimClock(world.At(0));
        await using var policy = create(clock);
        double reward = 0, regret = 0;
        int trials = 0, unanswered = 0, step = -1;
        var types = SimWorld.AllTypes;
        var late = types.Select(_ => new List<bool>()).ToArray();
        var degraded = types.Select(_ => new List<bool>()).ToArray();
        var before = types.Select(_ => new List<bool>()).ToArray();
        // SIM_TRACE=<prefix>: one line per task of Agent42's router, to read why it routed as it did; with the whole
        // failover order and the critic, so two builds' traces compared with cmp show whether they decide alike. It
        // opens with every model's hidden rate on each type (before any change), to read the choices against.
        using var trace = Environment.GetEnvironmentVariable("SIM_TRACE") is { Length: > 0 } prefix && policy.Name == "agent42"
            ? new StreamWriter($"{prefix}.{world.Family}.{world.Seed}.txt") : null;
        if (trace is not null)
        {
            for (var m = 0; m < world.Models.Count; m++)
            {
                trace.WriteLine($"# {world.Models[m].Key} " + string.Join(' ', types.Select(t => FormattableString.Invariant($"{t}={world.Rates[m, (int)t]:0.00}"))));
            }
        }

        for (var task = 0; task < world.Tasks; task++)
        {
            clock.Set(world.At(task));
            if (step + 1 < world.Catalog.Count && world.Catalog[step + 1].FromTask <= task)
            {
                // Runs shorter than the history have several days per task: the sync sees the last of them.
                while (step + 1 < world.Catalog.Count && world.Catalog[step + 1].FromTask <= task)
                {
                    step++;
                }

                policy.CatalogSynced(world.Known(world.Catalog[step], task));
            }

            var listed = world.Catalog[step];
            var type = world.TypeOf[task];
            PolicyChoice choice;
            try
            {
                choice = policy.Choose(type);
            }
            catch (RoutingException)
            {
                // Every model cooling down at once: the runner refuses the task with the router's reason; a failed task.
                unanswered++;
                var missed = world.OracleRate(listed, type, task);
                regret += missed;
                trace?.WriteLine($"{task} {type} unroutable best={missed:0.00}");
                Track(task, type, answered: null);
                continue;
            }

            var failover = new ModelFailover("primary", choice.Order, c => new SimulatedModelClient(world.RateLimited(world.Index(c.Key), task), world.RetryAfter),
                NullAgentRunObserver.Instance, policy.Cooldowns, usesTools: true);
            int? answered = null;
            try
            {
                await failover.GetResponseAsync(Prompt, new ChatOptions(), CancellationToken.None).ConfigureAwait(false);
                answered = world.Index(failover.Current.Key);
            }
            catch (AgentRunException)
            {
                // Every candidate was rate-limited or cooling down: the task fails and nothing is recorded, as in the runner.
                unanswered++;
            }

            var best = world.OracleRate(listed, type, task);
            var got = answered is { } m ? world.Rate(m, type, task) : 0;
            trace?.WriteLine($"{task} {type} chose={choice.Order[0].Key} trial={choice.IsTrial} layer={choice.Layer} answered={answered} best={best:0.00} got={got:0.00}"
                + $" order={string.Join('>', choice.Order.Select(c => c.Key))} critic={choice.CriticKey}");
            reward += got;
            regret += best - got;
            if (answered is { } model)
            {
                // A trial is the trial model's outcome only: when it answered 429, the model that took over is not on trial.
                var isTrial = choice.IsTrial && model == world.Index(choice.Order[0].Key);
                trials += isTrial ? 1 : 0;
                var outcome = world.Outcome(model, task, isTrial, clock.GetUtcNow()) with
                {
                    CriticKey = choice.CriticKey,
                    StopReason = "simulated",
                    Layer = choice.Layer.Text(),
                    Failures = failover.Failures.ToDictionary(f => JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Key.ToString()), f => f.Value, StringComparer.Ordinal),
                };
                await policy.ObserveAsync(outcome).ConfigureAwait(false);
            }

            Track(task, type, answered);
        }

        void Track(int task, TaskType type, int? answered)
        {
            if (world.LateArrival.Model >= 0 && task >= world.LateArrival.FromTask)
            {
                late[(int)type].Add(answered == world.LateArrival.Model);
            }

            if (world.Degradation.Model >= 0)
            {
                (task >= world.Degradation.FromTask ? degraded : before)[(int)type].Add(answered == world.Degradation.Model);
            }
        }

        return new PolicyRun(policy.Name, reward, regret, trials, unanswered,
            world.LateArrival.Model >= 0 ? late.Select(SwitchLag.Adoption).ToArray() : null,
            world.LateArrival.Model >= 0 ? late.Select(SwitchLag.FirstPick).ToArray() : null,
            world.Degradation.Model >= 0 ? degraded.Where((_, t) => SwitchLag.OnTarget(before[t])).Select(SwitchLag.Leaving).ToArray() : null,
            policy is not Agent42Policy a || a.Seeded);
    }
}
