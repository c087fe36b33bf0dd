using Agent42.Core.Models.Providers;

namespace Agent42.Core.Agent;

/// <summary>
/// The models a run tries when the user names one with <c>--model</c> (a key or a provider id): that model alone as
/// primary, and the routable tool-capable models as critics, the named one last. Without <c>--model</c> the router
/// decides.
/// </summary>
internal static class ModelChooser
{
    public static (ModelChoice Primary, ModelChoice Critic) ForModel(ProviderRegistry registry, string requested)
    {
        // A model the registry does not know is taken as a provider id as it is: a local server's model name.
        var match = registry.Resolve(requested);
        var candidate = match is null ? new ModelCandidate(requested, requested) : new ModelCandidate(match.Key, match.ProviderModelId);
        var critics = registry.Routable(requireTools: true, minContext: null)
            .Select(m => new ModelCandidate(m.Key, m.ProviderModelId))
            .Where(c => c.Key != candidate.Key)
            .Append(candidate)
            .ToList();
        return (new ModelChoice([candidate], "--model"), new ModelChoice(critics, "the next available model, as a second opinion"));
    }
}
