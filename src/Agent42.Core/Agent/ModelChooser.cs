using Agent42.Core.Models.Providers;

namespace Agent42.Core.Agent;

/// <summary>
/// Picks the models a run tries. An explicit <c>--model</c> (a key or a provider id) wins; otherwise the models
/// routable now that take tool calls, as the provider registry orders them (larger context first), with the others as
/// fallbacks. The critic prefers a
/// different model from the primary. (The learned router replaces the default order.)
/// </summary>
internal static class ModelChooser
{
    public static (ModelChoice Primary, ModelChoice Critic) Choose(ProviderRegistry registry, string? requested)
    {
        var eligible = registry.Routable(requireTools: true, minContext: null);
        var routable = eligible.Select(m => new ModelCandidate(m.Key, m.ProviderModelId)).ToList();

        if (requested is not null)
        {
            // A model the registry does not know is taken as a provider id as it is: a local server's model name.
            var match = registry.Resolve(requested);
            var candidate = match is null ? new ModelCandidate(requested, requested) : new ModelCandidate(match.Key, match.ProviderModelId);
            var critics = routable.Where(c => c.Key != candidate.Key).Prepend(candidate).ToList();
            return (new ModelChoice([candidate], "--model"), new ModelChoice(Rotate(critics), "the next available model, as a second opinion"));
        }

        if (routable.Count == 0)
        {
            throw new AgentRunException("no free model with tool support is available; run 'agent42 models sync', or give --model");
        }

        var reason = $"supports tools, largest context ({eligible[0].ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) of {routable.Count} eligible";
        return (new ModelChoice(routable, reason), new ModelChoice(Rotate(routable), "the next eligible model, as a second opinion"));
    }

    /// <summary>The same list starting from its second entry, so the critic is not the primary when there is a choice.</summary>
    private static List<ModelCandidate> Rotate(List<ModelCandidate> list) =>
        list.Count < 2 ? list : [.. list.Skip(1), list[0]];
}
