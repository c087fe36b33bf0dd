namespace Agent42.Core.Outcomes;

/// <summary>
/// What this process has appended to the outcome log: a follower that finds the log longer than it read asks here
/// whether the new bytes are lines whose callers will hand them over, or another process's.
/// </summary>
internal interface IOutcomeLogWrites
{
    /// <summary>The log's full path.</summary>
    string Path { get; }

    /// <summary>Whether the log's bytes from <paramref name="from"/> to <paramref name="to"/> are all lines this process wrote or is writing.</summary>
    bool Wrote(long from, long to);
}
