using Agent42.Core.Routing.Learning;

namespace Agent42.Core.Routing;

/// <summary>The models one routing decision explores among, by their posteriors, and the type's exploration budget.</summary>
/// <param name="Count">How many models: the first <paramref name="Count"/> of <paramref name="Posteriors"/>, a buffer kept between decisions.</param>
/// <param name="Incumbent">The index of the model the other layers chose, or -1 when it is not among them.</param>
internal readonly record struct ExplorationPool(int Count, Posterior[] Posteriors, int Incumbent, int Runs, double Spent, double Allowance);
