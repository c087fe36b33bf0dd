using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins.Cache;

/// <summary>
/// Stores compiled images in the cache off the swap's path, one after another: caching saves the next start's
/// compile, it is not on the way to the new version being callable. <see cref="DisposeAsync"/> waits for the
/// writes still queued, as a process exit must.
/// </summary>
internal sealed partial class PluginCacheWriter(PluginCache cache, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;

    public void Enqueue(string path, CachedImage image)
    {
        lock (_gate)
        {
            _writes = _writes.ContinueWith(_ => Store(path, image), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task writes;
        lock (_gate)
        {
            writes = _writes;
        }

        await writes.ConfigureAwait(false);
    }

    private void Store(string path, CachedImage image)
    {
        try
        {
            cache.Store(path, image);
        }
#pragma warning disable CA1031 // A failed cache write must never reach the worker that swapped the tools in.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(ex, path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caching the compiled image of {Path} failed")]
    private partial void LogStoreFailed(Exception exception, string path);
}
