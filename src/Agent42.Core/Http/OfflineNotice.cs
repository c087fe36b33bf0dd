namespace Agent42.Core.Http;

/// <summary>
/// Remembers, for the life of the process, which background concerns already said they are offline, so a shell that
/// refreshes research every few hours without a network says so once, not once per source per refresh.
/// </summary>
internal sealed class OfflineNotice
{
    private readonly HashSet<string> _said = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True the first time <paramref name="concern"/> is offline in this process.</summary>
    public bool First(string concern)
    {
        lock (_gate)
        {
            return _said.Add(concern);
        }
    }
}
