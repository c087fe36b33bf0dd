using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
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
/// Owns every tool source file's live version: reads, builds (from the cache or with Roslyn), loads, swaps the
/// file's tools into the registry as one set, and unloads the version it replaced. Any failure keeps the last
/// good version live and is reported as a <see cref="PluginEventKind.Rejected"/> event with diagnostics.
/// </summary>
/// <remarks>
/// <see cref="ApplyAsync"/> is called by one worker at a time (the watcher's), so per-file state needs no lock;
/// <see cref="LoadAllAsync"/> runs before the watcher starts.
/// </remarks>
internal sealed partial class PluginManager : IAsyncDisposable
{
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);

    // The key of the version last rejected per path: re-saving the same broken content says nothing new, and
    // going back to the live version after a rejection is worth an event.
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);

    // Files that lost a tool name to another file: when a file goes, they get another chance.
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);
    private readonly Agent42Settings _settings;
    private readonly PluginOptions _options;
    private readonly ToolRegistry _registry;
    private readonly ToolContext _context;
    private readonly Lazy<PluginCompiler> _compiler;
    private readonly PluginLoader _loader;
    private readonly PluginCache? _cache;
    private readonly PluginFileReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginManager> _logger;
    private readonly string _environmentStamp;
    private Task _cacheWrites = Task.CompletedTask;
    private readonly TaskCompletionSource _initialLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PluginWatcher? _watcher;

    public PluginManager(
        Agent42Settings settings,
        PluginOptions options,
        ToolRegistry registry,
        ToolContext context,
        Lazy<PluginCompiler> compiler,
        TimeProvider time,
        ILogger<PluginManager> logger)
    {
        _settings = settings;
        _options = options;
        _registry = registry;
        _context = context;
        _compiler = compiler;
        _loader = new PluginLoader(context);
        _time = time;
        _logger = logger;
        _reader = new PluginFileReader(options.MaxFileKb);
        _cache = options.CacheEnabled ? new PluginCache(Path.Combine(settings.DataDirectory, PluginCache.FolderName), time, logger) : null;
        _environmentStamp = PluginFingerprint.Value;
    }

    /// <summary>Raised for every loaded, updated, removed or rejected file, on the thread that applied it.</summary>
    public event EventHandler<PluginEvent>? Changed;

    public string ToolsDirectory => _settings.ToolsDirectory;

    public bool IsWatching => _watcher?.IsWatching ?? false;

    /// <summary>The live version of a file, if any: for diagnostics and for tests that prove unloading.</summary>
    public LoadedPlugin? LiveVersion(string path) => _files.GetValueOrDefault(Path.GetFullPath(path))?.Plugin;

    /// <summary>
    /// Loads every tool source in the directory, in path order so that name collisions resolve the same way on
    /// every start. Cache misses compile in parallel; registration stays in path order.
    /// </summary>
    public async Task<IReadOnlyList<PluginEvent>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var paths = PluginFileRules.Discover(_settings.ToolsDirectory);
        var started = _time.GetTimestamp();
        var prepared = new Prepared[paths.Count];
        // One plain worker per core, striding through the files: Parallel.ForAsync's own start-up cost was a
        // visible share of a cached start.
        var workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, paths.Count));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < paths.Count; i += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                prepared[i] = Prepare(paths[i], cancellationToken);
            }
        }, cancellationToken))).ConfigureAwait(false);

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
            _settings.ToolsDirectory,
            TimeSpan.FromMilliseconds(_options.DebounceMs),
            TimeSpan.FromSeconds(_options.RescanSeconds),
            _time,
            _logger,
            async (pending, ct) =>
            {
                await _initialLoad.Task.WaitAsync(ct).ConfigureAwait(false);
                await ApplyAsync(pending.Path, pending.FirstNoticed, ct).ConfigureAwait(false);
            });
        _watcher.Start();
    }

    /// <summary>Brings one path's tools in line with the file on disk. Returns the event, or null when nothing changed.</summary>
    public Task<PluginEvent?> ApplyAsync(string path, long firstNoticed, CancellationToken cancellationToken)
    {
        path = Path.GetFullPath(path);
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

        var result = Commit(Prepare(path, cancellationToken), firstNoticed);
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

        await _cacheWrites.ConfigureAwait(false);
    }

    /// <summary>Reads and builds; touches no shared state, so it may run in parallel.</summary>
    private Prepared Prepare(string path, CancellationToken cancellationToken, bool force = false)
    {
        var read = _reader.Read(path);
        if (read.IsMissing)
        {
            return new Prepared(path, PreparedKind.Missing);
        }

        if (read.File is null)
        {
            return new Prepared(path, PreparedKind.Failed)
            {
                Diagnostics = [FileDiagnostic(path, PluginDiagnosticCodes.Unreadable, $"the file {read.Error}")],
            };
        }

        var file = read.File;
        var dependencies = FindLoadedFiles(file);
        var dependencyHashes = dependencies.Select(d => _reader.Read(d).File?.Hash ?? "missing").ToArray();
        var key = PluginCache.ComputeKey(path, file.Hash, dependencyHashes, _environmentStamp);
        if (!force && _files.TryGetValue(path, out var state) && state.Key == key)
        {
            return new Prepared(path, _rejected.ContainsKey(path) ? PreparedKind.Restored : PreparedKind.Unchanged);
        }

        if (!force && _rejected.TryGetValue(path, out var rejectedKey) && rejectedKey == key)
        {
            return new Prepared(path, PreparedKind.Unchanged);
        }

        if (!force && _cache?.TryGet(path, key) is { } cached)
        {
            PluginBuild? fromCache = null;
            try
            {
                fromCache = PluginBuild.FromImage(path, ImmutableCollectionsMarshal.AsImmutableArray(cached.Image),
                    ImmutableCollectionsMarshal.AsImmutableArray(cached.Pdb), sourceFiles: [path, .. dependencies],
                    typeLocations: cached.TypeLocations, assemblyName: cached.AssemblyName);
            }
            catch (BadImageFormatException ex)
            {
                DropCacheEntry(path, key, ex.Message);
            }

            if (fromCache is not null)
            {
                var loadedFromCache = _loader.Load(fromCache, cached.SchemaValidatedTypes.ToHashSet(StringComparer.Ordinal));
                if (loadedFromCache.Tools.Count > 0 || !loadedFromCache.Diagnostics.Any(d => d.Code == PluginDiagnosticCodes.LoadFailed))
                {
                    return new Prepared(path, PreparedKind.Built)
                    {
                        Key = key,
                        Loaded = loadedFromCache,
                        Diagnostics = fromCache.Diagnostics,
                        FromCache = true,
                        Dependencies = dependencies,
                    };
                }

                // A cached image that passed its checksum but does not load: drop it and compile from source.
                DropCacheEntry(path, key, loadedFromCache.Diagnostics.First(d => d.Code == PluginDiagnosticCodes.LoadFailed).Message);
            }
        }

        var build = _compiler.Value.Compile(path, file.Text, cancellationToken);
        return new Prepared(path, build.Succeeded ? PreparedKind.Built : PreparedKind.Failed)
        {
            RejectedKey = key,
            Key = key,
            // Loading here, not in Commit, lets LoadAllAsync load files in parallel; only the swap is ordered.
            Loaded = build.Succeeded ? _loader.Load(build) : null,
            ToCache = build.Succeeded && _cache is not null
                ? new CachedImage(key, build.AssemblyName, build.Image.ToArray(), build.Pdb.ToArray(), [], build.TypeLocations)
                : null,
            Diagnostics = build.Diagnostics,
            Dependencies = dependencies,
        };
    }

    /// <summary>Loads and swaps; runs on one thread at a time.</summary>
    private PluginEvent? Commit(Prepared prepared, long firstNoticed)
    {
        var path = prepared.Path;
        _files.TryGetValue(path, out var previous);
        switch (prepared.Kind)
        {
            case PreparedKind.Unchanged:
                return null;
            case PreparedKind.Restored:
                _rejected.Remove(path);
                return new PluginEvent(PluginEventKind.Updated, path, previous!.Tools, ElapsedMs(firstNoticed), []);
            case PreparedKind.Missing when previous is null:
                // A file that never loaded: say it is gone only if its rejection was shown.
                return _rejected.Remove(path) ? new PluginEvent(PluginEventKind.Removed, path, [], ElapsedMs(firstNoticed), []) : null;
            case PreparedKind.Missing:
                return Remove(path, previous, firstNoticed);
            case PreparedKind.Failed:
                return Reject(path, previous, prepared.Diagnostics, firstNoticed, prepared.RejectedKey);
        }

        var loaded = prepared.Loaded!;
        var diagnostics = prepared.Diagnostics.Concat(loaded.Diagnostics).ToList();
        if (loaded.Tools.Count == 0)
        {
            loaded.Unload();
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(FileDiagnostic(path, PluginDiagnosticCodes.NoTools, "the file provides no tools"));
            }

            return Reject(path, previous, diagnostics, firstNoticed, prepared.Key);
        }

        var change = _registry.ReplaceFileTools(path, loaded.Tools, keepPreviousIfNoneAccepted: true);
        diagnostics.AddRange(change.Rejected.Select(r => FileDiagnostic(path, PluginDiagnosticCodes.NameTaken, r.Reason)));
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
            return Reject(path, previous, diagnostics, firstNoticed, prepared.Key);
        }

        if (previous is not null)
        {
            UnloadWhenIdle(previous.Plugin, change);
        }

        _rejected.Remove(path);
        if (prepared.ToCache is { } toCache)
        {
            // Record which tools passed validation, schema included, so a cached start need not generate it.
            var image = toCache with { SchemaValidatedTypes = loaded.Tools.Select(t => t.GetType().FullName ?? t.GetType().Name).ToArray() };
            // Caching saves the next start's compile; it is not on the way to the new version being callable.
            _cacheWrites = _cacheWrites.ContinueWith(_ => StoreInCache(path, image), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default);
        }

        var tools = loaded.Tools.Select(t => t.Name).Where(n => _registry.Find(n)?.FilePath == path).Order(StringComparer.Ordinal).ToArray();
        _files[path] = new FileState(prepared.Key!, loaded, tools, prepared.Dependencies);
        var kind = previous is null ? PluginEventKind.Loaded : PluginEventKind.Updated;
        return new PluginEvent(kind, path, tools, ElapsedMs(firstNoticed), diagnostics, prepared.FromCache);
    }

    private PluginEvent Remove(string path, FileState previous, long firstNoticed)
    {
        UnloadWhenIdle(previous.Plugin, _registry.RemoveFileTools(path));
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

    /// <summary>Unloads a replaced version once the calls still running on it have returned.</summary>
    private static void UnloadWhenIdle(LoadedPlugin plugin, ToolSetChange change)
    {
        var idle = change.WhenReplacedIdleAsync();
        if (idle.IsCompleted)
        {
            plugin.Unload();
        }
        else
        {
            idle.ContinueWith(_ => plugin.Unload(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void StoreInCache(string path, CachedImage image)
    {
        try
        {
            _cache!.Store(path, image);
        }
        catch (Exception ex)
        {
            LogCacheStoreFailed(ex, path);
        }
    }

    private void DropCacheEntry(string path, string key, string problem)
    {
        _cache?.Invalidate(path, key);
        LogCacheEntryBroken(path, problem);
    }

    private PluginEvent Reject(string path, FileState? previous, IReadOnlyList<PluginDiagnostic> diagnostics, long firstNoticed, string? key)
    {
        if (key is not null)
        {
            _rejected[path] = key;
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

    private double ElapsedMs(long since) => _time.GetElapsedTime(since).TotalMilliseconds;

    /// <summary>The <c>#load</c>ed files of a script, resolved against its directory (the compiler enforces where they may be).</summary>
    private static IReadOnlyList<string> FindLoadedFiles(PluginSourceFile file)
    {
        if (!PluginFileRules.IsScript(file.Path))
        {
            return [];
        }

        var directory = Path.GetDirectoryName(file.Path)!;
        return LoadDirective().Matches(file.Text)
            .Select(m => Path.GetFullPath(m.Groups[1].Value, directory))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static PluginDiagnostic FileDiagnostic(string path, string code, string message) =>
        new(path, 1, 1, code, PluginDiagnosticSeverity.Error, message);

    [GeneratedRegex("""^\s*#load\s+"([^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex LoadDirective();

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Path} ({Count} diagnostics); keeping {Kept}")]
    private partial void LogRejected(string path, int count, string kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cached image of {Path} could not be loaded ({Problem}); compiling from source")]
    private partial void LogCacheEntryBroken(string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caching the compiled image of {Path} failed")]
    private partial void LogCacheStoreFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "A plugin event handler failed")]
    private partial void LogHandlerFailed(Exception exception);

    private enum PreparedKind
    {
        Unchanged,
        Restored,
        Missing,
        Failed,
        Built,
    }

    private sealed record Prepared(string Path, PreparedKind Kind)
    {
        public string? Key { get; init; }

        public string? RejectedKey { get; init; }

        public LoadedPlugin? Loaded { get; init; }

        public CachedImage? ToCache { get; init; }

        public bool FromCache { get; init; }

        public IReadOnlyList<PluginDiagnostic> Diagnostics { get; init; } = [];

        public IReadOnlyList<string> Dependencies { get; init; } = [];
    }

    private sealed record FileState(string Key, LoadedPlugin Plugin, IReadOnlyList<string> Tools, IReadOnlyList<string> Dependencies);
}
