using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>The task type chosen for a task, and the words that chose it, so the caller can say why.</summary>
/// <param name="Type">The chosen type.</param>
/// <param name="Evidence">
/// The keywords matched for <paramref name="Type"/>, lower case, in the order they appear; for a fallback, the
/// question mark or question word that made it <see cref="TaskType.Research"/>, or nothing.
/// </param>
internal sealed record TaskClassification(TaskType Type, IReadOnlyList<string> Evidence);
