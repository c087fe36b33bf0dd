using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Tools;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// The tools one build of one file provides, alive in their own collectible load context until
/// <see cref="Unload"/>. Nothing else should keep the tools once they are unloaded, or the context stays.
/// </summary>
internal sealed class LoadedPlugin
{
    private readonly Lock _gate = new();
    private readonly DeferredActivation? _deferred;
    private readonly WeakReference _contextReference;
    private PluginLoadContext? _context;

    public LoadedPlugin(string filePath, PluginLoadContext context, IReadOnlyList<ToolSnapshot> tools, IReadOnlyList<PluginDiagnostic> diagnostics)
    {
        FilePath = filePath;
        _context = context;
        Snapshots = tools;
        Diagnostics = diagnostics;
        _contextReference = new WeakReference(context);
    }

    /// <summary>A cached image's tools, registered from the cache entry; the image loads at the first call.</summary>
    public LoadedPlugin(string filePath, DeferredActivation deferred, IReadOnlyList<ToolSnapshot> tools, IReadOnlyList<PluginDiagnostic> diagnostics)
    {
        FilePath = filePath;
        _deferred = deferred;
        Snapshots = tools;
        Diagnostics = diagnostics;
        _contextReference = new WeakReference(null);
    }

    public string FilePath { get; }

    /// <summary>The valid tools with what they said about themselves when loaded, ready to register; empty once unloaded.</summary>
    public IReadOnlyList<ToolSnapshot> Snapshots { get; private set; }

    /// <summary>The valid tools' instances; empty once unloaded.</summary>
    public IReadOnlyList<Tool> Tools => Snapshots.Select(s => s.Tool).ToArray();

    /// <summary>Problems found while loading: tools skipped and why (the build's own diagnostics are on the build).</summary>
    public IReadOnlyList<PluginDiagnostic> Diagnostics { get; }

    /// <summary>The load context, weakly: alive until unloaded and collected. For tests and leak diagnostics.</summary>
    public WeakReference ContextReference => _deferred?.ContextReference ?? _contextReference;

    /// <summary>Whether the tools wait for their first call to load the image (a cached start).</summary>
    public bool IsDeferred => _deferred is not null;

    /// <summary>Whether a deferred image was loaded by a call; always true for an image loaded eagerly.</summary>
    public bool IsActivated => _deferred?.IsActivated ?? true;

    public bool IsUnloaded
    {
        get
        {
            lock (_gate)
            {
                return _context is null && (_deferred is null || Snapshots.Count == 0);
            }
        }
    }

    /// <summary>
    /// Drops the tools and starts unloading the context; it is collected once nothing references its types.
    /// Also clears System.Text.Json's caches, which would otherwise keep it. Idempotent. Call it after the
    /// registry stopped handing out these tools; a call still running keeps the context until it returns.
    /// </summary>
    public void Unload()
    {
        PluginLoadContext? context;
        lock (_gate)
        {
            context = _context;
            _context = null;
            Snapshots = [];
        }

        _deferred?.Unload();
        if (context is null)
        {
            return;
        }

        JsonMetadataCaches.Clear();
        context.Unload();
    }

    /// <summary>Unloads this version once the calls still running on it (the replaced tools of <paramref name="change"/>) have returned.</summary>
    public void UnloadWhenIdle(ToolSetChange change)
    {
        var idle = change.WhenReplacedIdleAsync();
        if (idle.IsCompleted)
        {
            Unload();
        }
        else
        {
            idle.ContinueWith(_ => Unload(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }
}
