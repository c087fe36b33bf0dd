using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Bench.Simulation;

/// <summary>
/// The plan's design: 10% of tasks to a uniformly random unproven model (under 5 outcomes on the type); the rest to
/// the best mean composite (0.4 success + 0.3 iteration efficiency + 0.2 quality + 0.1) among the proven, or, while
/// none is proven, to the built-in default Agent42 starts from. No cooldowns: a 429 just moves to the next model.
/// </summary>
internal sealed class PlanPolicy(int seed) : IRoutingPolicy
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<(TaskType, string), (int N, double Sum)> _stats = [];
    private ProviderRegistry _registry = new([], []);

    public string Name => "plan";

    public ModelCooldowns? Cooldowns => null;

    public void CatalogSynced(IReadOnlyList<KnownModel> catalog) => _registry = new ProviderRegistry(catalog, []);

    public PolicyChoice Choose(TaskType type)
    {
        var available = _registry.Routable(requireTools: true, minContext: null);
        var unproven = available.Where(m => _stats.GetValueOrDefault((type, m.Key)).N < 5).ToList();
        var proven = available.Where(m => _stats.GetValueOrDefault((type, m.Key)).N >= 5).ToList();
        var trial = unproven.Count > 0 && _random.NextDouble() < 0.10;
        var chosen = trial ? unproven[_random.Next(unproven.Count)]
            : proven.Count > 0 ? proven.MaxBy(m => _stats[(type, m.Key)].Sum / _stats[(type, m.Key)].N)!
            : available[0];
        var order = available.Where(m => m.Key != chosen.Key).Prepend(chosen).Select(m => new ModelCandidate(m.Key, m.ProviderModelId)).ToList();
        return new PolicyChoice(order, trial, trial ? RoutingLayer.Trial : RoutingLayer.Dynamic, null);
    }

    public ValueTask ObserveAsync(OutcomeRecord outcome)
    {
        var composite = (0.4 * (outcome.Success ? 1 : 0)) + (0.3 * outcome.IterationEfficiency) + (0.2 * outcome.Quality) + 0.1;
        var s = _stats.GetValueOrDefault((outcome.Type, outcome.ModelKey));
        _stats[(outcome.Type, outcome.ModelKey)] = (s.N + 1, s.Sum + composite);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
