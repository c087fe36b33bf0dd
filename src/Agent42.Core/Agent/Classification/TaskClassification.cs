using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>The task type chosen for a task, and the words that chose it, so the caller can say why.</summary>
/// <param name="Type">The chosen type: the best guess, also when <see cref="IsUnsure"/>.</param>
/// <param name="Evidence">
/// The keywords matched for <paramref name="Type"/>, lower case, in the order they appear; for a fallback, the
/// question mark or question word that made it <see cref="TaskType.Research"/>, or nothing.
/// </param>
internal sealed record TaskClassification(TaskType Type, IReadOnlyList<string> Evidence)
{
    /// <summary>
    /// How sure the words make the choice, from 0 to 1: grows with the winning type's evidence and with its lead over
    /// the runner-up; a text that only refers back ("do it", "and the other one?") is near 0.
    /// </summary>
    public double Confidence { get; init; } = 1;

    /// <summary>
    /// The evidence is too weak or two types are too close (<see cref="Confidence"/> under
    /// <see cref="TaskTypeClassifier.UnsureBelow"/>): a caller may keep the previous task's type or ask a model.
    /// </summary>
    public bool IsUnsure => Confidence < TaskTypeClassifier.UnsureBelow;

    /// <summary>The runner-up type when another type had evidence too, else null.</summary>
    public TaskType? RunnerUp { get; init; }
}
