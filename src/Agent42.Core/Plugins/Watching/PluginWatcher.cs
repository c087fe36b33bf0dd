using System.Collections.Concurrent;
using Agent42.Core.Plugins.Sources;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins.Watching;

/// <summary>
/// Watches the tools directory and hands every change to one worker, so edits apply in order: the first change
/// of a burst at once (speculatively: it goes live if it builds and nothing newer came), and the settled
/// change after the quiet period, which a save storm reaches once. A periodic rescan catches what the watcher missed, and takes over entirely
/// when the watcher cannot start (inotify limits) or fails.
/// </summary>
internal sealed partial class PluginWatcher : IAsyncDisposable
{
    private readonly string _directory;
    private readonly TimeSpan _rescanInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<PendingPath, CancellationToken, Task> _apply;
    private readonly PathDebouncer _debouncer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _useOsWatcher;
    private readonly ConcurrentDictionary<string, (long Length, DateTime Written)> _known = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Task _worker = Task.CompletedTask;
    private Task _rescanner = Task.CompletedTask;
    private int _disposed;

    public PluginWatcher(
        string directory,
        TimeSpan debounce,
        TimeSpan rescanInterval,
        TimeProvider time,
        ILogger logger,
        Func<PendingPath, CancellationToken, Task> apply,
        bool useOsWatcher = true,
        bool speculative = false)
    {
        _useOsWatcher = useOsWatcher;
        _directory = directory;
        _rescanInterval = rescanInterval;
        _time = time;
        _logger = logger;
        _apply = apply;
        _debouncer = new PathDebouncer(debounce, time, speculative);
    }

    /// <summary>Whether changes are seen through the OS watcher (false: polling only).</summary>
    public bool IsWatching => _watcher is not null;

    /// <summary>Starts watching. Call after the initial load, so the first scan's snapshot is the baseline.</summary>
    public void Start()
    {
        Directory.CreateDirectory(_directory);
        foreach (var (path, stamp) in Snapshot())
        {
            _known[path] = stamp;
        }

        _watcher = _useOsWatcher ? TryStartWatcher() : null;
        _worker = Task.Run(() => RunWorkerAsync(_stopping.Token));
        _rescanner = Task.Run(() => RunRescanAsync(_stopping.Token));
    }

    /// <summary>Whether no change of the path was noticed after <paramref name="pending"/>'s.</summary>
    public bool IsLatest(PendingPath pending) => _debouncer.IsLatest(pending);

    /// <summary>Queues a path as if it had changed.</summary>
    public void Notify(string path) => _debouncer.Notify(Path.GetFullPath(path));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _watcher?.Dispose();
        _debouncer.Dispose();
        try
        {
            await Task.WhenAll(_worker, _rescanner).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private FileSystemWatcher? TryStartWatcher()
    {
        try
        {
            var watcher = new FileSystemWatcher(_directory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += (_, e) => OnChange(e.FullPath);
            watcher.Changed += (_, e) => OnChange(e.FullPath);
            watcher.Deleted += (_, e) => OnChange(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                OnChange(e.OldFullPath);
                OnChange(e.FullPath);
            };
            watcher.Error += (_, e) => OnWatcherError(e.GetException());
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            LogWatcherUnavailable(_directory, ex.Message, _rescanInterval.TotalSeconds);
            return null;
        }
    }

    private void OnChange(string path)
    {
        if (IsSource(path))
        {
            _debouncer.Notify(path);
        }
    }

    private void OnWatcherError(Exception exception)
    {
        // A buffer overflow loses events: a rescan now recovers them. Other errors leave polling in charge.
        LogWatcherError(exception.Message);
        if (exception is not InternalBufferOverflowException)
        {
            _watcher?.Dispose();
            _watcher = null;
        }

        Rescan();
    }

    private async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        await foreach (var released in _debouncer.Ready.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var pending = _debouncer.Take(released);
            if (!pending.Speculative && !_debouncer.IsLatest(pending))
            {
                // A change came after this settled release was queued, so the file may be mid-write again; that
                // change has a settled release of its own, which decides.
                continue;
            }

            try
            {
                // What is applied now is known: the next rescan reports only what changes after it.
                Remember(pending.Path);
                await _apply(pending, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Nothing a plugin does may stop the worker.
                LogApplyFailed(ex, pending.Path);
            }
        }
    }

    private async Task RunRescanAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_rescanInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Rescan();
        }
    }

    private void Rescan()
    {
        Dictionary<string, (long, DateTime)> current;
        try
        {
            current = Snapshot();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRescanFailed(ex.Message);
            return;
        }

        foreach (var (path, stamp) in current)
        {
            if (!_known.TryGetValue(path, out var old) || old != stamp)
            {
                _known[path] = stamp;
                _debouncer.Notify(path);
            }
        }

        foreach (var path in _known.Keys.Where(p => !current.ContainsKey(p)).ToArray())
        {
            _known.TryRemove(path, out _);
            _debouncer.Notify(path);
        }
    }

    private void Remember(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            _known[path] = (info.Length, info.LastWriteTimeUtc);
        }
        else
        {
            _known.TryRemove(path, out _);
        }
    }

    private Dictionary<string, (long Length, DateTime Written)> Snapshot()
    {
        var snapshot = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        if (!Directory.Exists(_directory))
        {
            return snapshot;
        }

        foreach (var info in new DirectoryInfo(_directory).EnumerateFiles())
        {
            if (IsSource(info.FullName))
            {
                snapshot[info.FullName] = (info.Length, info.LastWriteTimeUtc);
            }
        }

        return snapshot;
    }

    /// <summary>Tool sources, and <c>_*.cs(x)</c> helpers that tool scripts may <c>#load</c>.</summary>
    private static bool IsSource(string path) =>
        PluginFileRules.IsToolSource(path) || PluginFileRules.IsLoadableHelper(path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Directory} ({Problem}); checking it for changes every {Seconds} s instead")]
    private partial void LogWatcherUnavailable(string directory, string problem, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The file watcher reported an error ({Problem}); rescanning")]
    private partial void LogWatcherError(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rescanning the tools directory failed: {Problem}")]
    private partial void LogRescanFailed(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the change to {Path} failed")]
    private partial void LogApplyFailed(Exception exception, string path);
}
