namespace Agent42.Core.Agent;

/// <summary>The models a run will try, in order, for one role, and why the first was chosen.</summary>
internal sealed record ModelChoice(IReadOnlyList<ModelCandidate> Candidates, string Reason);
