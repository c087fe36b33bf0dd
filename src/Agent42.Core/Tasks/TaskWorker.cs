using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>
/// Takes ready tasks from the store with a lease, runs each through the executor while renewing the lease, and
/// finishes it. Cancelled (Ctrl-C), it stops without finishing the task: the lease runs out and another worker takes it.
/// A worker that lost its task (its lease ran out and another took it) stops running it and stores nothing.
/// </summary>
internal sealed class TaskWorker(ITaskStore store, ITaskExecutor executor, TaskQueueOptions options, TimeProvider time, string workerId)
{
    private const int FinishTries = 5;

    public string WorkerId { get; } = workerId;

    /// <summary>A worker id that tells this process from every other on the store: host, process id, random.</summary>
    public static string NewWorkerId() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Works until the limits are reached or <paramref name="cancellationToken"/> is cancelled; returns the tasks taken.</summary>
    public async Task<int> RunAsync(TaskWorkLimits limits, ITaskWorkObserver observer, CancellationToken cancellationToken)
    {
        var taken = 0;
        while (limits.MaxTasks is not { } max || taken < max)
        {
            var lease = await store.TryDequeueAsync(WorkerId, options.Lease, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                if (limits.StopWhenIdle)
                {
                    break;
                }

                await Task.Delay(options.Poll, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            taken++;
            observer.Taken(lease);
            await WorkOnAsync(lease, observer, cancellationToken).ConfigureAwait(false);
        }

        return taken;
    }

    private async Task WorkOnAsync(TaskLease lease, ITaskWorkObserver observer, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        string? lost = null;
        var renewing = RenewAsync(lease, observer, reason =>
        {
            lost = reason;
            run.Cancel();
        }, stopRenewing.Token);

        string? result = null, error = null;
        var stopped = false;
        try
        {
            result = await executor.RunAsync(lease.Task, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || lost is not null)
        {
            // Stopped, or no longer ours: either way nothing is stored; the lease decides who runs it next.
            stopped = true;
        }
        catch (Exception ex)
        {
            error = ex.Message;
        }
        finally
        {
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        if (lost is not null)
        {
            observer.Lost(lease.Task, lost);
            return;
        }

        if (stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        // A run that ended is stored even when Ctrl-C came meanwhile: its answer must not be thrown away.
        await FinishAsync(lease, result, error, observer).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores the run's end. A store that fails (the database briefly unreachable) is tried again a few times, a poll
    /// interval apart, before the worker gives up; a lease lost meanwhile ends the tries at once.
    /// </summary>
    private async Task FinishAsync(TaskLease lease, string? result, string? error, ITaskWorkObserver observer)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancellable: the run is over, and its result must not be thrown away half stored.
                var finished = error is null
                    ? await store.CompleteAsync(lease, result ?? string.Empty, CancellationToken.None).ConfigureAwait(false)
                    : await store.FailAsync(lease, error, CancellationToken.None).ConfigureAwait(false);
                if (error is null)
                {
                    observer.Completed(finished);
                }
                else
                {
                    observer.Failed(finished, error);
                }

                return;
            }
            catch (Exception ex) when (ex is TaskLeaseLostException or KeyNotFoundException)
            {
                observer.Lost(lease.Task, ex.Message);
                return;
            }
            catch (Exception ex) when (attempt < FinishTries && ex is not OperationCanceledException)
            {
                observer.StoreFailed(lease.Task, ex.Message);
                await Task.Delay(options.Poll, time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Renews every third of the lease until stopped; tells <paramref name="lose"/> once the task is no longer ours.</summary>
    private async Task RenewAsync(TaskLease lease, ITaskWorkObserver observer, Action<string> lose, CancellationToken stop)
    {
        var every = options.Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, stop).ConfigureAwait(false);
                try
                {
                    lease = await store.RenewAsync(lease, options.Lease, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TaskLeaseLostException or KeyNotFoundException)
                {
                    lose(ex.Message);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be back by the next renewal, before the lease runs out.
                    observer.StoreFailed(lease.Task, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
