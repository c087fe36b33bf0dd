namespace Agent42.Core.Models.Research;

/// <summary>
/// Research scores as Bayesian priors for routing. A task type draws on capabilities with weights:
/// coding, debugging, refactoring, data_analysis → coding ×2 + reasoning ×1; research, strategy,
/// project_management → reasoning ×2 + general ×1; documentation, marketing, email, content, design → writing ×2 +
/// general ×1; any other type → general. The prior mean is the weighted mean of the capabilities the model has
/// scores for, null when it has none of them. A prior is worth <see cref="Weight"/> pseudo-outcomes.
/// </summary>
internal sealed class ResearchPriors(ModelResearchFile file, double weight = 5)
{
    private static readonly (string Capability, double Weight)[] CodingMix = [(Capabilities.Coding, 2), (Capabilities.Reasoning, 1)];
    private static readonly (string Capability, double Weight)[] ReasoningMix = [(Capabilities.Reasoning, 2), (Capabilities.General, 1)];
    private static readonly (string Capability, double Weight)[] WritingMix = [(Capabilities.Writing, 2), (Capabilities.General, 1)];
    private static readonly (string Capability, double Weight)[] GeneralMix = [(Capabilities.General, 1)];

    /// <summary>How many task outcomes a prior counts as.</summary>
    public double Weight => weight;

    public static IReadOnlyList<(string Capability, double Weight)> CapabilitiesFor(string taskType) => taskType.ToLowerInvariant() switch
    {
        "coding" or "debugging" or "refactoring" or "data_analysis" => CodingMix,
        "research" or "strategy" or "project_management" => ReasoningMix,
        "documentation" or "marketing" or "email" or "content" or "design" => WritingMix,
        _ => GeneralMix,
    };

    /// <summary>The research score of a model (any id form; <c>:free</c> is ignored) for one capability.</summary>
    public double? Prior(string modelId, string capability) =>
        file.Scores.TryGetValue(ModelNameMatcher.ResearchKey(modelId), out var entries) && entries.TryGetValue(capability, out var entry)
            ? entry.Score
            : null;

    /// <summary>The prior mean success rate of a model at a task type, or null when research knows nothing relevant.</summary>
    public double? PriorForTask(string modelId, string taskType)
    {
        var present = CapabilitiesFor(taskType)
            .Select(c => (Score: Prior(modelId, c.Capability), c.Weight))
            .Where(c => c.Score is not null)
            .ToList();
        return present.Count == 0 ? null : present.Sum(c => c.Score!.Value * c.Weight) / present.Sum(c => c.Weight);
    }

    /// <summary>
    /// The observed success rate shrunk towards the prior: (prior × weight + successes) / (weight + tasks); with no
    /// prior, the plain rate (or null with no tasks).
    /// </summary>
    public double? Blend(string modelId, string taskType, int successes, int tasks) =>
        PriorForTask(modelId, taskType) is { } prior
            ? (prior * weight + successes) / (weight + tasks)
            : tasks > 0 ? (double)successes / tasks : null;
}
