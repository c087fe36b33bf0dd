using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Bench.Simulation;

/// <summary>
/// Textbook Thompson sampling: per type, Beta(1,1) on success for every model, no cap, no priors, over the models
/// the catalog lists now (with tool support); one draw per model per task, tried in the order of the draws.
/// A 429 is not a pull: the plain method never sees the rate-limited model's answer, only the answer of the model
/// that took the task (its next-best draw), and that outcome is credited to that model. It keeps no cooldowns.
/// </summary>
internal sealed class ThompsonPolicy(int seed) : IRoutingPolicy
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<(TaskType, string), (int Successes, int Failures)> _counts = [];
    private ProviderRegistry _registry = new([], []);

    public string Name => "thompson";

    public ModelCooldowns? Cooldowns => null;

    public void CatalogSynced(IReadOnlyList<KnownModel> catalog) => _registry = new ProviderRegistry(catalog, []);

    public PolicyChoice Choose(TaskType type)
    {
        var order = _registry.Routable(requireTools: true, minContext: null)
            .Select(m =>
            {
                var (s, f) = _counts.GetValueOrDefault((type, m.Key));
                return (Model: m, Draw: Beta.Sample(_random, 1 + s, 1 + f));
            })
            .OrderByDescending(d => d.Draw)
            .Select(d => new ModelCandidate(d.Model.Key, d.Model.ProviderModelId))
            .ToList();
        return new PolicyChoice(order, false, RoutingLayer.Dynamic, null);
    }

    public ValueTask ObserveAsync(OutcomeRecord outcome)
    {
        var (s, f) = _counts.GetValueOrDefault((outcome.Type, outcome.ModelKey));
        _counts[(outcome.Type, outcome.ModelKey)] = outcome.Success ? (s + 1, f) : (s, f + 1);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
