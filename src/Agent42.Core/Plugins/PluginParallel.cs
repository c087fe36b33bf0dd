namespace Agent42.Core.Plugins;

/// <summary>Runs a function over a list on one plain worker per core, keeping the results in the list's order.</summary>
internal static class PluginParallel
{
    /// <remarks>
    /// The workers stride through the list: Parallel.ForAsync's own start-up cost was a visible share of a
    /// cached start.
    /// </remarks>
    public static async Task<TResult[]> MapAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> map, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        var workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, items.Count));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < items.Count; i += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = map(items[i]);
            }
        }, cancellationToken))).ConfigureAwait(false);
        return results;
    }
}
