using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Models.Research;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>
/// The research priors, from <c>model_research.json</c> as it is now: read again only when the file changes (by its
/// stamp), not for every decision.
/// </summary>
internal sealed class ResearchPriorSource(ModelResearchStore? research, double priorWeight)
{
    private readonly Lock _gate = new();
    private (FileStamp Stamp, ResearchPriors Priors)? _current;

    /// <summary>
    /// The research prior of a model for a task type (by the model's provider id, as research keys its scores), or
    /// null when research has nothing on it.
    /// </summary>
    public Func<string, TaskType, double?> For(ProviderRegistry registry)
    {
        if (Current() is not { } priors)
        {
            return (_, _) => null;
        }

        return (key, type) => registry.Resolve(key) is { } model
            ? priors.PriorForTask(model.ProviderModelId, TaskTypeNames.WireName(type))
            : null;
    }

    private ResearchPriors? Current()
    {
        if (research is null)
        {
            return null;
        }

        lock (_gate)
        {
            var stamp = FileStamp.Of(research.FilePath);
            if (_current is not { } current || current.Stamp != stamp)
            {
                _current = current = (stamp, new ResearchPriors(research.Load(), priorWeight));
            }

            return current.Priors;
        }
    }
}
