namespace Agent42.Core.Tools;

/// <summary>
/// Counts the calls running on one registered tool instance, so that a replaced plugin version is unloaded only
/// once its last call has returned (a call still running needs its load context, and would refill caches that
/// the unload clears).
/// </summary>
internal sealed class CallTracker
{
    private readonly Lock _gate = new();
    private int _running;
    private TaskCompletionSource? _idle;

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    public void Enter()
    {
        lock (_gate)
        {
            _running++;
        }
    }

    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_running == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Completes when no call is running.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_running == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }
}
