using System.Reflection;
using System.Runtime.InteropServices;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Tools;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Loads a successful <see cref="PluginBuild"/> into a new <see cref="PluginLoadContext"/> and creates every
/// public, non-abstract Tool subclass it defines (script classes included), giving each constructor the
/// services it asks for from the <see cref="ToolContext"/>. A tool that cannot be created or that describes
/// itself wrongly is skipped with a warning; its code never crashes the host. Creating and reading the tools
/// (type initializers, constructors, getters: the plugin's load-time code) runs on an activation thread, not the
/// caller's (see <see cref="ActivationThreads"/>), under a deadline: a file whose code does not finish in time is
/// set aside, and the caller carries on.
/// </summary>
internal sealed class PluginLoader(ToolContext context, TimeSpan? activationTimeout = null, TimeProvider? time = null)
{
    /// <summary>The deadline when none is given: PLUGIN_LOAD_TIMEOUT_SECONDS' default.</summary>
    public static readonly TimeSpan DefaultActivationTimeout = TimeSpan.FromSeconds(5);

    private static readonly IReadOnlyDictionary<string, string> EmptySchemas = new Dictionary<string, string>();

    private readonly IReadOnlySet<string> _sharedAssemblies = PluginSharedAssemblies.Names;
    private readonly TimeSpan _timeout = activationTimeout ?? DefaultActivationTimeout;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Loads the build and creates its tools, once its metadata shows no code that would end the process.</summary>
    /// <param name="build">A successful build.</param>
    public LoadedPlugin Load(PluginBuild build) => Load(build, EmptySchemas, scan: true);

    /// <summary>
    /// Loads an image from the compile cache. Its metadata is not scanned again: the entry exists because this very
    /// host build (its key covers the host, the SDK, the policy, the compiler and the runtime) compiled the image,
    /// ran the policy and this scan on it, and loaded its tools; the image's hash shows it is the same bytes.
    /// </summary>
    /// <param name="build">A build from a cached image.</param>
    /// <param name="cachedSchemas">
    /// The schemas (compact JSON, by tool type's full name) of this very image that already passed validation:
    /// those tools' getters are not read again; the snapshot parses the JSON when asked.
    /// </param>
    public LoadedPlugin LoadCached(PluginBuild build, IReadOnlyDictionary<string, string> cachedSchemas) => Load(build, cachedSchemas, scan: false);

    private LoadedPlugin Load(PluginBuild build, IReadOnlyDictionary<string, string> cachedSchemas, bool scan)
    {
        if (!build.Succeeded)
        {
            throw new ArgumentException($"The build of {build.FilePath} failed; there is nothing to load.", nameof(build));
        }

        var loadContext = new PluginLoadContext(build.AssemblyName, _sharedAssemblies);
        IReadOnlyList<PluginDiagnostic> refused = [];
        try
        {
            if (scan)
            {
                refused = ProcessEndingCode.Find(build);
            }
        }
        catch (BadImageFormatException ex)
        {
            refused = [PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.LoadFailed,
                $"the compiled tool could not be loaded: {ex.GetType().Name}: {ex.Message}")];
        }

        if (refused.Count > 0)
        {
            // Nothing of the image runs: not even its type initializers.
            var refusedPlugin = new LoadedPlugin(build.FilePath, loadContext, [], refused);
            refusedPlugin.Unload();
            return refusedPlugin;
        }

        var (tools, diagnostics) = Activate(loadContext, build, cachedSchemas);
        var plugin = new LoadedPlugin(build.FilePath, loadContext, tools, diagnostics);
        if (tools.Count == 0)
        {
            plugin.Unload();
        }

        return plugin;
    }

    /// <summary>
    /// Registers a cached image's tools from what they said about themselves when the image was first activated,
    /// without loading the image or running any of its code: the first call activates it (see
    /// <see cref="DeferredActivation"/>). The snapshots pass the same checks as a loaded tool's.
    /// </summary>
    /// <param name="build">A build from a cached image.</param>
    /// <param name="tools">The tools its first activation registered.</param>
    /// <param name="cachedSchemas">Their validated schemas, by tool type's full name.</param>
    public LoadedPlugin LoadDeferred(PluginBuild build, IReadOnlyList<Cache.CachedTool> tools, IReadOnlyDictionary<string, string> cachedSchemas)
    {
        var activation = new DeferredActivation(build, this, cachedSchemas);
        var diagnostics = new List<PluginDiagnostic>();
        var snapshots = new List<ToolSnapshot>();
        foreach (var cached in tools)
        {
            var at = build.TypeLocations.GetValueOrDefault(cached.TypeName) ?? PluginSourceLocation.StartOf(build.FilePath);
            var tool = new DeferredTool(activation, cached);
            if (PluginToolValidator.Validate(tool, at, cachedSchemas.GetValueOrDefault(cached.TypeName), out var snapshot) is { } problem)
            {
                diagnostics.Add(problem);
            }
            else
            {
                snapshots.Add(snapshot!);
            }
        }

        return new LoadedPlugin(build.FilePath, activation, snapshots, diagnostics);
    }

    /// <summary>Creates a load context for a deferred image; nothing is loaded into it yet.</summary>
    internal PluginLoadContext NewContext(PluginBuild build) => new(build.AssemblyName, _sharedAssemblies);

    /// <summary>The activation deadline, for messages.</summary>
    internal TimeSpan ActivationTimeout => _timeout;

    /// <summary>
    /// Runs the plugin's load-time code on an activation thread and waits for it at most the deadline. A type
    /// initializer that never returns cannot be aborted in .NET: the thread is abandoned (it keeps the context from
    /// being collected, and ends with the process), and the file gets no tools.
    /// </summary>
    private (IReadOnlyList<ToolSnapshot> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics) Activate(
        PluginLoadContext loadContext, PluginBuild build, IReadOnlyDictionary<string, string> cachedSchemas) =>
        ActivateAsync(loadContext, build, cachedSchemas).GetAwaiter().GetResult();

    /// <inheritdoc cref="Activate"/>
    internal async Task<(IReadOnlyList<ToolSnapshot> Tools, IReadOnlyList<PluginDiagnostic> Diagnostics)> ActivateAsync(
        PluginLoadContext loadContext, PluginBuild build, IReadOnlyDictionary<string, string> cachedSchemas)
    {
        // Continuations run on the activation thread as it finishes: the waiting caller wakes at once, with no
        // hop through a thread pool that may be busy with the very loads waiting here.
        var done = new TaskCompletionSource<(IReadOnlyList<ToolSnapshot>, IReadOnlyList<PluginDiagnostic>)>();

        // Arm the deadline before any plugin code runs, so a fake clock advanced once the code is stuck fires it.
        var deadline = done.Task.WaitAsync(_timeout, _time);
        ActivationThreads.Shared.Run(() =>
        {
            var diagnostics = new List<PluginDiagnostic>();
            var tools = new List<ToolSnapshot>();
            try
            {
                CreateTools(loadContext, build, tools, diagnostics, cachedSchemas);
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
            {
                tools.Clear();
                diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.LoadFailed,
                    $"the compiled tool could not be loaded: {ex.GetType().Name}: {ex.Message}"));
            }
#pragma warning disable CA1031 // Whatever else escapes is the plugin's; it is reported, never rethrown on this thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                tools.Clear();
                diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.LoadFailed,
                    $"loading the tools failed: {ex.GetType().Name}: {ex.Message}"));
            }

            done.TrySetResult((tools, diagnostics));
        });
        try
        {
            return await deadline.ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return ([], [PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.ActivationTimedOut,
                $"activation of {Path.GetFileName(build.FilePath)} did not finish within {_timeout.TotalSeconds:0.###} s " +
                "(a type initializer, constructor or Name, Description or Parameters getter that never returns); the file is set aside, " +
                "and its code stays stuck in memory until Agent42 exits")]);
        }
    }

    private void CreateTools(PluginLoadContext loadContext, PluginBuild build, List<ToolSnapshot> tools, List<PluginDiagnostic> diagnostics, IReadOnlyDictionary<string, string> cachedSchemas)
    {
        // Read-only views of the build's bytes, not copies: the runtime copies what it loads.
        using var image = new MemoryStream(ImmutableCollectionsMarshal.AsArray(build.Image)!, writable: false);
        using var pdb = build.Pdb.IsDefaultOrEmpty ? null : new MemoryStream(ImmutableCollectionsMarshal.AsArray(build.Pdb)!, writable: false);
        var assembly = loadContext.LoadFromStream(image, pdb);

        var candidates = 0;
        foreach (var type in DefinedTypes(assembly, build, diagnostics))
        {
            if (!typeof(Tool).IsAssignableFrom(type) || type.IsAbstract || type.ContainsGenericParameters)
            {
                continue;
            }

            candidates++;
            var at = build.TypeLocations.GetValueOrDefault(type.FullName ?? type.Name) ?? PluginSourceLocation.StartOf(build.FilePath);
            if (!IsPublic(type))
            {
                diagnostics.Add(PluginDiagnostic.Warning(at, PluginDiagnosticCodes.NotLoadable,
                    $"{type.Name} derives from Tool but is not public, so it was not loaded; make it public"));
                continue;
            }

            if (Create(type, at, cachedSchemas.GetValueOrDefault(type.FullName ?? type.Name), out var tool) is { } problem)
            {
                diagnostics.Add(problem);
            }
            else
            {
                tools.Add(tool!);
            }
        }

        if (candidates == 0)
        {
            diagnostics.Add(PluginDiagnostic.Warning(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.NoTools,
                "the file defines no public, non-abstract class deriving from Tool or Tool<TArguments>, so it provides no tools"));
        }
    }

    /// <summary>Creates and validates one tool; returns why it was skipped, or <see langword="null"/>.</summary>
    private PluginDiagnostic? Create(Type type, PluginSourceLocation at, string? cachedSchema, out ToolSnapshot? snapshot)
    {
        var activation = ToolActivator.Create(type, context);
        snapshot = null;
        if (activation.Tool is not { } tool)
        {
            var code = activation.Failure switch
            {
                ToolActivationFailure.UnmetParameter => PluginDiagnosticCodes.UnmetConstructorParameter,
                ToolActivationFailure.ConstructorThrew => PluginDiagnosticCodes.ConstructorThrew,
                _ => PluginDiagnosticCodes.NotLoadable,
            };
            return PluginDiagnostic.Warning(at, code, $"{activation.Error}; the tool was not loaded");
        }

        return PluginToolValidator.Validate(tool, at, cachedSchema, out snapshot);
    }

    private static IEnumerable<Type> DefinedTypes(Assembly assembly, PluginBuild build, List<PluginDiagnostic> diagnostics)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            foreach (var error in ex.LoaderExceptions.OfType<Exception>().Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                diagnostics.Add(PluginDiagnostic.Warning(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.LoadFailed,
                    $"a type could not be loaded: {error}"));
            }

            return ex.Types.OfType<Type>();
        }
    }

    /// <summary>Public, and nested only in public types (a script's classes are nested in its public script class).</summary>
    private static bool IsPublic(Type type) =>
        type.IsPublic || (type.IsNestedPublic && type.DeclaringType is { } outer && IsPublic(outer));
}
