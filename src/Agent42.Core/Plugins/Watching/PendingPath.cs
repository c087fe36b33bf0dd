namespace Agent42.Core.Plugins.Watching;

/// <summary>A path to apply, with the timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the first change.</summary>
/// <param name="Path">The changed path.</param>
/// <param name="FirstNoticed">When the first change of this burst was noticed.</param>
/// <param name="Speculative">
/// Released at the first change rather than after the quiet period: apply it only if it builds and is still the
/// latest change of the path; a failure waits for the settled release, which follows.
/// </param>
/// <param name="Sequence">Which change of the path this is, for <see cref="PathDebouncer.IsLatest"/>.</param>
internal sealed record PendingPath(string Path, long FirstNoticed, bool Speculative = false, long Sequence = 0);
