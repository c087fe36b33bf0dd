using Agent42.Core.Models.Catalog;

namespace Agent42.Core.Agent;

/// <summary>
/// Picks the models a run tries. An explicit <c>--model</c> (a key or a provider id) wins; otherwise the free models
/// available now that take tool calls, largest context first, with the others as fallbacks. The critic prefers a
/// different model from the primary. (The learned router replaces the default order.)
/// </summary>
internal static class ModelChooser
{
    public static (ModelChoice Primary, ModelChoice Critic) Choose(IReadOnlyList<KnownModel> known, string? requested)
    {
        var routable = known.Where(m => m.IsRoutable && m.SupportsTools)
            .OrderByDescending(m => m.ContextLength ?? 0)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ModelCandidate(m.Key, m.Id))
            .ToList();

        if (requested is not null)
        {
            var match = known.FirstOrDefault(m => string.Equals(m.Key, requested, StringComparison.Ordinal) || string.Equals(m.Id, requested, StringComparison.Ordinal));
            // A model the catalog does not know is taken as a provider id as it is: a local server's model name.
            var candidate = match is null ? new ModelCandidate(requested, requested) : new ModelCandidate(match.Key, match.Id);
            var critics = routable.Where(c => c.Key != candidate.Key).Prepend(candidate).ToList();
            return (new ModelChoice([candidate], "--model"), new ModelChoice(Rotate(critics), "the next available model, as a second opinion"));
        }

        if (routable.Count == 0)
        {
            throw new AgentRunException("no free model with tool support is available; run 'agent42 models sync', or give --model");
        }

        var reason = $"free, supports tools, largest context ({known.First(m => m.Key == routable[0].Key).ContextLength}) of {routable.Count} eligible";
        return (new ModelChoice(routable, reason), new ModelChoice(Rotate(routable), "the next eligible model, as a second opinion"));
    }

    /// <summary>The same list starting from its second entry, so the critic is not the primary when there is a choice.</summary>
    private static List<ModelCandidate> Rotate(List<ModelCandidate> list) =>
        list.Count < 2 ? list : [.. list.Skip(1), list[0]];
}
