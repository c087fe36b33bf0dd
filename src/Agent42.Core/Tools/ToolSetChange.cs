namespace Agent42.Core.Tools;

/// <summary>What one atomic replacement of a file's tools did.</summary>
/// <param name="FilePath">The plugin file whose tools were replaced.</param>
/// <param name="Added">Names that were not registered before.</param>
/// <param name="Updated">Names that were registered before and now point at new instances.</param>
/// <param name="Removed">Names the file no longer provides.</param>
/// <param name="Rejected">Tools that were refused, with why.</param>
internal sealed record ToolSetChange(
    string FilePath,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyList<ToolRejection> Rejected)
{
    /// <summary>The registrations this change took out of the registry (updated or removed): calls may still run on them.</summary>
    public IReadOnlyList<ToolRegistration> Replaced { get; init; } = [];

    /// <summary>Completes when every call on a replaced registration has returned.</summary>
    public Task WhenReplacedIdleAsync() => Task.WhenAll(Replaced.Select(r => r.Calls.WhenIdleAsync()));

    public bool IsEmpty => Added.Count == 0 && Updated.Count == 0 && Removed.Count == 0 && Rejected.Count == 0;
}
