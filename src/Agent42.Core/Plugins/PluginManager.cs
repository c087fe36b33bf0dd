using System.Buffers;
using System.Text;
using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;
using Agent42.Core.Plugins.Sources;
using Agent42.Core.Plugins.Watching;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins;

/// <summary>
/// Owns every tool source file's live version, as a per-file state machine: has the file changed, build it
/// (through <see cref="PluginBuilder"/>), swap its tools into the registry as one set, unload the version it
/// replaced, and say so in an event. Any failure keeps the last good version live and is reported as a
/// <see cref="PluginEventKind.Rejected"/> event with diagnostics.
/// </summary>
/// <remarks>
/// <see cref="ApplyAsync"/> is called by one worker at a time (the watcher's), so per-file state needs no lock;
/// <see cref="LoadAllAsync"/> runs before the watcher starts.
/// </remarks>
internal sealed partial class PluginManager : IAsyncDisposable
{
    private readonly Dictionary<string, PluginFileState> _files = new(StringComparer.Ordinal);

    // The key (and the files it was built with) of the version last rejected per path: re-saving the same broken
    // content says nothing new, and going back to the live version after a rejection is worth an event.
    private readonly Dictionary<string, (string Key, IReadOnlyList<string> Dependencies)> _rejected = new(StringComparer.Ordinal);

    // Files that lost a tool name to another file: when a file goes, they get another chance.
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);
    private readonly Agent42Paths _paths;
    private readonly PluginOptions _options;
    private readonly ToolRegistry _registry;
    private readonly PluginBuilder _builder;
    private readonly PluginCacheWriter? _cacheWriter;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginManager> _logger;
    private readonly TaskCompletionSource _initialLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PluginWatcher? _watcher;

    public PluginManager(
        Agent42Paths paths,
        PluginOptions options,
        ToolRegistry registry,
        ToolContext context,
        Lazy<PluginCompiler> compiler,
        TimeProvider time,
        ILogger<PluginManager> logger)
    {
        _paths = paths;
        _options = options;
        _registry = registry;
        _time = time;
        _logger = logger;
        var cache = options.CacheEnabled ? new PluginCache(Path.Combine(paths.DataDirectory, PluginCache.FolderName), time, logger) : null;
        _cacheWriter = cache is null ? null : new PluginCacheWriter(cache, logger);
        _builder = new PluginBuilder(new PluginFileReader(options.MaxFileKb), compiler, new PluginLoader(context, TimeSpan.FromSeconds(options.LoadTimeoutSeconds), time), cache, logger);
    }

    /// <summary>Raised for every loaded, updated, removed or rejected file, on the thread that applied it.</summary>
    public event EventHandler<PluginEvent>? Changed;

    public string ToolsDirectory => _paths.ToolsDirectory;

    public bool IsWatching => _watcher?.IsWatching ?? false;

    /// <summary>The live version of a file, if any: for diagnostics and for tests that prove unloading.</summary>
    public LoadedPlugin? LiveVersion(string path) => _files.GetValueOrDefault(Path.GetFullPath(path))?.Plugin;

    /// <summary>
    /// Loads every tool source in the directory, in path order so that name collisions resolve the same way on
    /// every start. Cache misses compile in parallel; registration stays in path order.
    /// </summary>
    public async Task<IReadOnlyList<PluginEvent>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var paths = PluginFileRules.Discover(_paths.ToolsDirectory);
        var started = _time.GetTimestamp();
        var prepared = await PluginParallel.MapAsync(paths, path => Prepare(path, cancellationToken, defer: true), cancellationToken).ConfigureAwait(false);

        var events = new List<PluginEvent>();
        foreach (var item in prepared)
        {
            if (Commit(item, started) is { } e)
            {
                events.Add(e);
            }
        }

        _initialLoad.TrySetResult();
        return events;
    }

    /// <summary>
    /// Starts watching the tools directory; changes are applied by one worker, in order. Call it before
    /// <see cref="LoadAllAsync"/> so that no edit made during the initial load is missed: the worker waits for
    /// the load to finish, and a change that the load already saw is a no-op by its hash.
    /// </summary>
    public void StartWatching()
    {
        _watcher ??= new PluginWatcher(
            _paths.ToolsDirectory,
            TimeSpan.FromMilliseconds(_options.DebounceMs),
            TimeSpan.FromSeconds(_options.RescanSeconds),
            _time,
            _logger,
            async (pending, ct) =>
            {
                await _initialLoad.Task.WaitAsync(ct).ConfigureAwait(false);
                var watcher = _watcher!;
                await ApplyAsync(pending.Path, pending.FirstNoticed, ct, () => watcher.IsLatest(pending), pending.Speculative).ConfigureAwait(false);
            },
            speculative: true);
        _watcher.Start();
    }

    /// <summary>Brings one path's tools in line with the file on disk. Returns the event, or null when nothing changed.</summary>
    /// <param name="path">The changed file.</param>
    /// <param name="firstNoticed">When the change was first noticed, for the event's latency.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="stillLatest">
    /// Whether no newer change of the path came. A settled apply that a newer change overtook while it read and
    /// built does nothing and leaves no trace (it may have read a file being written again): the newer change's
    /// own settled apply decides, and reports, it.
    /// </param>
    /// <param name="speculative">
    /// The first change of a burst, before the quiet period: only a build that loads tools without errors, while
    /// still the latest, goes live; anything else does nothing and leaves no trace, so the settled apply that
    /// follows decides, and reports, it.
    /// </param>
    public Task<PluginEvent?> ApplyAsync(string path, long firstNoticed, CancellationToken cancellationToken, Func<bool>? stillLatest = null, bool speculative = false)
    {
        path = Path.GetFullPath(path);
        if (speculative)
        {
            return Task.FromResult(ApplySpeculatively(path, firstNoticed, stillLatest ?? (() => true), cancellationToken));
        }

        if (PluginFileRules.IsLoadableHelper(path))
        {
            // A #load helper changed: rebuild every script that includes it.
            foreach (var dependent in _files.Where(f => f.Value.Dependencies.Contains(path)).Select(f => f.Key).ToArray())
            {
                RaiseIfAny(Commit(Prepare(dependent, cancellationToken, force: true), firstNoticed));
            }

            return Task.FromResult<PluginEvent?>(null);
        }

        if (!PluginFileRules.IsToolSource(path))
        {
            return Task.FromResult<PluginEvent?>(null);
        }

        var prepared = Prepare(path, cancellationToken);
        if (stillLatest is not null && !stillLatest())
        {
            prepared.Loaded?.Unload();
            return Task.FromResult<PluginEvent?>(null);
        }

        var result = Commit(prepared, firstNoticed);
        RaiseIfAny(result);
        if (result?.Kind == PluginEventKind.Removed)
        {
            RetryBlocked(firstNoticed);
        }

        return Task.FromResult(result);
    }

    public async ValueTask DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
        }

        if (_cacheWriter is not null)
        {
            await _cacheWriter.DisposeAsync().ConfigureAwait(false);
        }
    }

    private PluginEvent? ApplySpeculatively(string path, long firstNoticed, Func<bool> stillLatest, CancellationToken cancellationToken)
    {
        if (!PluginFileRules.IsToolSource(path))
        {
            return null;
        }

        var prepared = Prepare(path, cancellationToken);
        var live = prepared.Kind switch
        {
            PluginPreparationKind.Built => prepared.Loaded is { Snapshots.Count: > 0 } && !prepared.Diagnostics.Any(d => d.IsError),
            PluginPreparationKind.Restored => true,
            _ => false, // unchanged, gone (maybe mid-rename) or broken (maybe half-written): the settled apply decides
        };
        if (!live || !stillLatest())
        {
            prepared.Loaded?.Unload();
            return null;
        }

        var result = Commit(prepared, firstNoticed);
        RaiseIfAny(result);
        return result;
    }

    /// <summary>Reads and builds; touches no shared state, so it may run in parallel.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="force">Rebuild even when unchanged, without the cache.</param>
    /// <param name="defer">
    /// At a start: a cached image's tools register from the cache entry and the image loads at their first call.
    /// An edit loads eagerly, so its problems show at once.
    /// </param>
    private PluginPreparation Prepare(string path, CancellationToken cancellationToken, bool force = false, bool defer = false)
    {
        var read = _builder.Read(path);
        if (read.IsMissing)
        {
            return new PluginPreparation(path, PluginPreparationKind.Missing);
        }

        if (read.File is null)
        {
            return new PluginPreparation(path, PluginPreparationKind.Failed) { Diagnostics = [PluginFileDiagnostics.Unreadable(path, $"the file {read.Error}")] };
        }

        var file = read.File;
        if (!force && _files.TryGetValue(path, out var state) && state.Key == _builder.KeyOf(file, state.Dependencies))
        {
            return new PluginPreparation(path, _rejected.ContainsKey(path) ? PluginPreparationKind.Restored : PluginPreparationKind.Unchanged);
        }

        if (!force && _rejected.TryGetValue(path, out var rejected) && rejected.Key == _builder.KeyOf(file, rejected.Dependencies))
        {
            return new PluginPreparation(path, PluginPreparationKind.Unchanged);
        }

        // Loading here, not in Commit, lets LoadAllAsync load files in parallel; only the swap is ordered.
        var outcome = _builder.Build(file, useCache: !force, cancellationToken, defer);
        return new PluginPreparation(path, outcome.Succeeded ? PluginPreparationKind.Built : PluginPreparationKind.Failed)
        {
            RejectedKey = outcome.Key,
            Key = outcome.Key,
            Loaded = outcome.Loaded,
            ToCache = outcome.ToCache,
            Diagnostics = outcome.Diagnostics,
            FromCache = outcome.FromCache,
            Dependencies = outcome.Dependencies,
        };
    }

    /// <summary>Loads and swaps; runs on one thread at a time.</summary>
    private PluginEvent? Commit(PluginPreparation prepared, long firstNoticed)
    {
        var path = prepared.Path;
        _files.TryGetValue(path, out var previous);
        switch (prepared.Kind)
        {
            case PluginPreparationKind.Unchanged:
                return null;
            case PluginPreparationKind.Restored:
                _rejected.Remove(path);
                return new PluginEvent(PluginEventKind.Updated, path, previous!.Tools, ElapsedMs(firstNoticed), []);
            case PluginPreparationKind.Missing when previous is null:
                // A file that never loaded: say it is gone only if its rejection was shown.
                return _rejected.Remove(path) ? new PluginEvent(PluginEventKind.Removed, path, [], ElapsedMs(firstNoticed), []) : null;
            case PluginPreparationKind.Missing:
                return Remove(path, previous, firstNoticed);
            case PluginPreparationKind.Failed:
                return Reject(path, previous, prepared.Diagnostics, firstNoticed, prepared.RejectedKey, prepared.Dependencies);
        }

        var loaded = prepared.Loaded!;
        var diagnostics = prepared.Diagnostics.Concat(loaded.Diagnostics).ToList();
        if (loaded.Snapshots.Count == 0)
        {
            loaded.Unload();
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(PluginFileDiagnostics.NoTools(path));
            }

            return Reject(path, previous, diagnostics, firstNoticed, prepared.Key, prepared.Dependencies);
        }

        ToolSetChange change;
        try
        {
            change = _registry.ReplaceFileTools(path, loaded.Snapshots, keepPreviousIfNoneAccepted: true);
        }
        catch (Exception ex)
        {
            // A swap that failed is an event like any other; the version it would have brought is unloaded.
            loaded.Unload();
            diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.StartOf(path), PluginDiagnosticCodes.SwapFailed,
                $"swapping the new version in failed: {ex.GetType().Name}: {ex.Message}"));
            return Reject(path, previous, diagnostics, firstNoticed, prepared.Key, prepared.Dependencies);
        }

        diagnostics.AddRange(change.Rejected.Select(r => PluginFileDiagnostics.NameTaken(path, r)));
        if (change.Rejected.Count > 0)
        {
            _blocked.Add(path);
        }
        else
        {
            _blocked.Remove(path);
        }

        if (change.Added.Count == 0 && change.Updated.Count == 0)
        {
            loaded.Unload();
            return Reject(path, previous, diagnostics, firstNoticed, prepared.Key, prepared.Dependencies);
        }

        if (previous is not null)
        {
            previous.Plugin.UnloadWhenIdle(change);
        }

        _rejected.Remove(path);
        if (prepared.ToCache is { } toCache)
        {
            // Record which tools passed validation, schema included, so a cached start need not generate it.
            _cacheWriter?.Enqueue(path, toCache with
            {
                SchemaValidatedTypes = loaded.Snapshots.Select(t => TypeNameOf(t.Tool)).ToArray(),
                Schemas = loaded.Snapshots.ToDictionary(t => TypeNameOf(t.Tool), t => CompactJson(t.Parameters), StringComparer.Ordinal),
                // Only an activation that said nothing: a start from the entry registers these without running the
                // file's code, so it could not repeat a warning about a tool that was skipped.
                Tools = loaded.Diagnostics.Count > 0 ? [] : loaded.Snapshots
                    .Select(t => new CachedTool(TypeNameOf(t.Tool), t.Name, t.Description, t.IsReadOnly)).ToArray(),
            });
        }

        var tools = loaded.Snapshots.Select(t => t.Name).Where(n => _registry.Find(n)?.FilePath == path).Order(StringComparer.Ordinal).ToArray();
        _files[path] = new PluginFileState(prepared.Key!, loaded, tools, prepared.Dependencies);
        var kind = previous is null ? PluginEventKind.Loaded : PluginEventKind.Updated;
        return new PluginEvent(kind, path, tools, ElapsedMs(firstNoticed), diagnostics, prepared.FromCache);
    }

    private PluginEvent Remove(string path, PluginFileState previous, long firstNoticed)
    {
        previous.Plugin.UnloadWhenIdle(_registry.RemoveFileTools(path));
        _files.Remove(path);
        _rejected.Remove(path);
        _blocked.Remove(path);
        return new PluginEvent(PluginEventKind.Removed, path, [], ElapsedMs(firstNoticed), []);
    }

    /// <summary>After a file went, a file that lost a tool name to it may now have it.</summary>
    private void RetryBlocked(long firstNoticed)
    {
        foreach (var blocked in _blocked.Order(StringComparer.Ordinal).ToArray())
        {
            RaiseIfAny(Commit(Prepare(blocked, CancellationToken.None, force: true), firstNoticed));
        }
    }

    private PluginEvent Reject(string path, PluginFileState? previous, IReadOnlyList<PluginDiagnostic> diagnostics, long firstNoticed, string? key, IReadOnlyList<string> dependencies)
    {
        if (key is not null)
        {
            _rejected[path] = (key, dependencies);
        }

        LogRejected(path, diagnostics.Count, previous is null ? "nothing" : "the last good version");
        return new PluginEvent(PluginEventKind.Rejected, path, previous?.Tools ?? [], ElapsedMs(firstNoticed), diagnostics);
    }

    private void RaiseIfAny(PluginEvent? e)
    {
        if (e is null)
        {
            return;
        }

        try
        {
            Changed?.Invoke(this, e);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex);
        }
    }

    private static string TypeNameOf(Tool tool) => tool.GetType().FullName ?? tool.GetType().Name;

    private static string CompactJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private double ElapsedMs(long since) => _time.GetElapsedTime(since).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Path} ({Count} diagnostics); keeping {Kept}")]
    private partial void LogRejected(string path, int count, string kept);

    [LoggerMessage(Level = LogLevel.Error, Message = "A plugin event handler failed")]
    private partial void LogHandlerFailed(Exception exception);
}
