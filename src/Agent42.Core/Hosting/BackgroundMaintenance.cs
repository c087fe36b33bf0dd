using Agent42.Core.Models.Catalog;
using Agent42.Core.Routing;
using Agent42.Core.Models.Research;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Hosting;

/// <summary>
/// What the long-running host (<c>agent42 watch</c> and the shell) keeps up to date while it runs: the model
/// catalog (every <c>MODEL_CATALOG_REFRESH_HOURS</c>), benchmark research (every <c>MODEL_RESEARCH_INTERVAL_HOURS</c>,
/// unless off) and the learned routing (every <c>MODEL_RERANK_INTERVAL_MINUTES</c> with new outcomes). Checked once
/// at start and then every minute; a failing job is logged and tried again at its next turn.
/// </summary>
internal sealed partial class BackgroundMaintenance(
    ModelCatalogSync catalog,
    ModelResearcher researcher,
    RoutingService routing,
    TimeProvider time,
    ILogger<BackgroundMaintenance> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stopping.Token));

    /// <summary>Runs every job that is due, one after another.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        await RunAsync("catalog sync", () => catalog.IsDue(), async () => await catalog.SyncAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await RunAsync("research", () => researcher.IsDue(), async () => await researcher.RunAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await RunAsync("rerank", routing.RerankDue, () =>
        {
            routing.Rerank();
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        await RunDueAsync(cancellationToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await RunDueAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string job, Func<bool> isDue, Func<Task> run)
    {
        try
        {
            if (isDue())
            {
                await run().ConfigureAwait(false);
                LogRan(job);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A background job must never take the host down; it runs again at its next turn.
            LogFailed(ex, job);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Background {Job} done")]
    private partial void LogRan(string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background {Job} failed; it will be tried again")]
    private partial void LogFailed(Exception exception, string job);
}
