namespace Agent42.Core.Plugins.Watching;

/// <summary>A path whose changes have settled, with the timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the first change.</summary>
internal sealed record PendingPath(string Path, long FirstNoticed);
