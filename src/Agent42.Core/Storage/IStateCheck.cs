namespace Agent42.Core.Storage;

/// <summary>
/// One store's look at its own files: what is wrong with them now, read from the files themselves (never from what
/// this process remembers), so every process on the data directory reports the same until the state is fixed.
/// </summary>
internal interface IStateCheck
{
    /// <summary>The problems found; empty when the state is sound. Cheap: it runs at the start of every command.</summary>
    IEnumerable<StateProblem> Check();
}
