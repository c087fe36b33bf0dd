using System.Globalization;
using System.Runtime.CompilerServices;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Dedicated background threads for plugins' load-time code, reused from one activation to the next: starting a
/// thread per file cost a cached start of 50 tools more than all their activations together
/// (scripts/bench-plugins.sh). A thread whose work never returns (a type initializer that hangs) never comes
/// back for more; its caller's deadline has moved on, and the next activation takes another thread or starts
/// one. Between two items a thread holds no work, context or culture of the last one, so an idle thread keeps no
/// plugin alive and one plugin's load-time code does not see what another's left behind.
/// </summary>
/// <param name="maxIdle">How many idle threads wait for more; a burst beyond it lets its extra threads end.</param>
internal sealed class ActivationThreads(int maxIdle)
{
    private readonly Lock _gate = new();
    private readonly Stack<Worker> _idle = new();

    /// <summary>The process's pool: enough idle threads for the loads that run side by side (one per core).</summary>
    public static ActivationThreads Shared { get; } = new(Math.Max(2, Environment.ProcessorCount));

    /// <summary>Threads waiting for work, for tests.</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on an idle activation thread, or a new one, under the caller's execution context; returns at once.</summary>
    public void Run(Action work)
    {
        Worker? worker;
        lock (_gate)
        {
            _idle.TryPop(out worker);
        }

        (worker ?? Worker.Start(this)).Post(work, ExecutionContext.Capture());
    }

    /// <summary>Takes a worker back as idle; false when enough are idle already, and the worker's thread ends.</summary>
    private bool Return(Worker worker)
    {
        lock (_gate)
        {
            if (_idle.Count >= maxIdle)
            {
                return false;
            }

            _idle.Push(worker);
            return true;
        }
    }

    private sealed class Worker(ActivationThreads pool)
    {
        private readonly SemaphoreSlim _posted = new(0);
        private Action? _work;
        private ExecutionContext? _context;

        public static Worker Start(ActivationThreads pool)
        {
            var worker = new Worker(pool);
            new Thread(worker.Loop) { IsBackground = true, Name = "Agent42 plugin activation" }.Start();
            return worker;
        }

        public void Post(Action work, ExecutionContext? context)
        {
            _work = work;
            _context = context;
            _posted.Release();
        }

        private void Loop()
        {
            do
            {
                _posted.Wait();
                RunOne();
            }
            while (pool.Return(this));

            _posted.Dispose();
        }

        // Apart from the loop, so that no stack slot of the loop still holds the last item (and its plugin) while idle.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void RunOne()
        {
            var (work, context) = (_work!, _context);
            (_work, _context) = (null, null);
            var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            try
            {
                if (context is null)
                {
                    work();
                }
                else
                {
                    ExecutionContext.Run(context, static state => ((Action)state!)(), work);
                }
            }
#pragma warning disable CA1031 // The work reports its own failures; whatever still escapes must not end the host.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
            }
        }
    }
}
