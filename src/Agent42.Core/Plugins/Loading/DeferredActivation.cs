using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// The image of one file at a cached start, not loaded until a tool of it is first called: then it is loaded into
/// its own context and its tools are created, once, on the activation threads under the load deadline, as an
/// eager load would. The outcome, tools or failure, stays: later calls get the same tools, or the same failure
/// (the next edit of the file loads it afresh, eagerly).
/// </summary>
internal sealed class DeferredActivation(PluginBuild build, PluginLoader loader, IReadOnlyDictionary<string, string> cachedSchemas)
{
    private readonly Lock _gate = new();
    private Task<(IReadOnlyDictionary<string, Tool> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics)>? _activation;
    private PluginLoadContext? _context;
    private bool _unloaded;

    /// <summary>The load context once activated, weakly; an unset reference before.</summary>
    public WeakReference ContextReference { get; private set; } = new(null);

    /// <summary>Whether a call activated the image.</summary>
    public bool IsActivated
    {
        get
        {
            lock (_gate)
            {
                return _activation is not null;
            }
        }
    }

    /// <summary>The tool of type <paramref name="typeName"/>, activating the image on first use; or why it could not be had.</summary>
    public async Task<(Tool? Tool, string? Failure)> ToolAsync(string typeName)
    {
        Task<(IReadOnlyDictionary<string, Tool> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics)> activation;
        lock (_gate)
        {
            if (_activation is null)
            {
                if (_unloaded)
                {
                    return (null, $"{Path.GetFileName(build.FilePath)} was unloaded");
                }

                _context = loader.NewContext(build);
                ContextReference = new WeakReference(_context);
                _activation = ActivateAsync(_context);
            }

            activation = _activation;
        }

        var activated = await activation.ConfigureAwait(false);
        if (activated.Tools.TryGetValue(typeName, out var tool))
        {
            return (tool, null);
        }

        var reason = activated.Diagnostics.FirstOrDefault(d => d.IsError) ?? activated.Diagnostics.FirstOrDefault();
        return (null, reason is null
            ? $"{Path.GetFileName(build.FilePath)} no longer provides it"
            : $"{Path.GetFileName(build.FilePath)}: {reason.Code}: {reason.Message}");
    }

    /// <summary>Unloads the context if a call activated the image; a never-activated image has nothing to unload. Idempotent.</summary>
    public void Unload()
    {
        PluginLoadContext? context;
        lock (_gate)
        {
            _unloaded = true;
            context = _context;
            _context = null;
        }

        if (context is not null)
        {
            JsonMetadataCaches.Clear();
            context.Unload();
        }
    }

    private async Task<(IReadOnlyDictionary<string, Tool> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics)> ActivateAsync(PluginLoadContext context)
    {
        var (snapshots, diagnostics) = await loader.ActivateAsync(context, build, cachedSchemas).ConfigureAwait(false);
        var tools = new Dictionary<string, Tool>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            tools.TryAdd(snapshot.Tool.GetType().FullName ?? snapshot.Tool.GetType().Name, snapshot.Tool);
        }

        if (tools.Count == 0 && !diagnostics.Any(d => d.Code == PluginDiagnosticCodes.ActivationTimedOut))
        {
            // Nothing of it will run: let the context go. A timed-out one is stuck on its thread anyway.
            Unload();
        }

        return (tools, diagnostics);
    }
}
