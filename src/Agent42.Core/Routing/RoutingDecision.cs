using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>Where a task goes and why: the layer that decided, the models in order, and what was skipped.</summary>
/// <remarks>
/// The reason is formatted when first read: most decisions are routed without anyone reading it, and formatting its
/// figures would be a tenth of the decision's time budget.
/// </remarks>
internal sealed class RoutingDecision(
    TaskType type,
    RoutingLayer layer,
    Func<string> describe,
    IReadOnlyList<ModelCandidate> primary,
    IReadOnlyList<ModelCandidate> critic,
    int maxIterations,
    bool isTrial,
    IReadOnlyList<string> skipped,
    string criticReason = RoutingDecision.NextEligible,
    RoutingLayer? fallbackLayer = null)
{
    /// <summary>Why a routed task's critic is who it is.</summary>
    public const string NextEligible = "the next eligible model, as a second opinion";

    private string? _reason;

    public TaskType Type { get; } = type;

    public RoutingLayer Layer { get; } = layer;

    /// <summary>Why the layer chose as it did, in words, with its figures.</summary>
    public string Reason => _reason ??= describe();

    public IReadOnlyList<ModelCandidate> Primary { get; } = primary;

    public IReadOnlyList<ModelCandidate> Critic { get; } = critic;

    /// <summary>Why the critic is the first of <see cref="Critic"/>, in words.</summary>
    public string CriticReason { get; } = criticReason;

    public int MaxIterations { get; } = maxIterations;

    public bool IsTrial { get; } = isTrial;

    public IReadOnlyList<string> Skipped { get; } = skipped;

    /// <summary>
    /// The layer that chose the models after the first: on a trial, the layer the trial took the task from (its
    /// incumbent and fallbacks are that layer's); else <see cref="Layer"/>.
    /// </summary>
    public RoutingLayer FallbackLayer { get; } = fallbackLayer ?? layer;

    /// <summary>
    /// How the outcome of a run answered by <paramref name="answeredKey"/> is labelled: a trial only when the trial
    /// model itself answered. When it failed over (a 429, a missing endpoint) the model that answered was the layer's
    /// own choice, and its outcome neither spends the trial budget nor counts as a trial.
    /// </summary>
    public (RoutingLayer Layer, bool IsTrial) Label(string answeredKey) =>
        IsTrial && answeredKey != Primary[0].Key ? (FallbackLayer, false) : (Layer, IsTrial);
}
