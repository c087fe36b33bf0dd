using Agent42.Core.Models.Providers;
using Agent42.Core.Routing.Learning;

namespace Agent42.Core.Routing;

/// <summary>The models one routing decision explores among, with their posteriors and the type's exploration budget.</summary>
/// <param name="Incumbent">The index of the model the other layers chose, or -1 when it is not among them.</param>
internal sealed record ExplorationPool(IReadOnlyList<RegisteredModel> Models, Posterior[] Posteriors, int Incumbent, int Runs, double Spent, double Allowance)
{
    /// <summary>How many models the last draw sampled (the others could not win).</summary>
    public int Sampled { get; set; }
}
