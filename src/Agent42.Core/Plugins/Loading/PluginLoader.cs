using System.Reflection;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Loads a successful <see cref="PluginBuild"/> into a new <see cref="PluginLoadContext"/> and creates every
/// public, non-abstract Tool subclass it defines (script classes included), giving each constructor the
/// services it asks for from the <see cref="ToolContext"/>. A tool that cannot be created or that describes
/// itself wrongly is skipped with a warning; its code never crashes the host.
/// </summary>
internal sealed class PluginLoader(ToolContext context)
{
    private readonly IReadOnlySet<string> _sharedAssemblies = PluginSharedAssemblies.Names;

    /// <summary>Loads the build and creates its tools.</summary>
    /// <param name="build">A successful build.</param>
    /// <param name="schemaValidatedTypes">
    /// Tool types (full names) of this very image whose parameter schemas already passed validation (recorded
    /// in the compile cache): their schemas are not generated again now, but when first asked for.
    /// </param>
    public LoadedPlugin Load(PluginBuild build, IReadOnlySet<string>? schemaValidatedTypes = null)
    {
        if (!build.Succeeded)
        {
            throw new ArgumentException($"The build of {build.FilePath} failed; there is nothing to load.", nameof(build));
        }

        var loadContext = new PluginLoadContext(build.AssemblyName, _sharedAssemblies);
        var diagnostics = new List<PluginDiagnostic>();
        var tools = new List<Tool>();
        try
        {
            CreateTools(loadContext, build, tools, diagnostics, schemaValidatedTypes ?? EmptySet);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            tools.Clear();
            diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.LoadFailed,
                $"the compiled tool could not be loaded: {ex.GetType().Name}: {ex.Message}"));
        }

        var plugin = new LoadedPlugin(build.FilePath, loadContext, tools, diagnostics);
        if (tools.Count == 0)
        {
            plugin.Unload();
        }

        return plugin;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private void CreateTools(PluginLoadContext loadContext, PluginBuild build, List<Tool> tools, List<PluginDiagnostic> diagnostics, IReadOnlySet<string> schemaValidatedTypes)
    {
        using var image = new MemoryStream(build.Image.ToArray(), writable: false);
        using var pdb = build.Pdb.IsDefaultOrEmpty ? null : new MemoryStream(build.Pdb.ToArray(), writable: false);
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

            if (Create(type, at, schemaValidatedTypes.Contains(type.FullName ?? type.Name), out var tool) is { } problem)
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
    private PluginDiagnostic? Create(Type type, PluginSourceLocation at, bool schemaValidated, out Tool? tool)
    {
        var activation = ToolActivator.Create(type, context);
        tool = activation.Tool;
        if (tool is null)
        {
            var code = activation.Failure switch
            {
                ToolActivationFailure.UnmetParameter => PluginDiagnosticCodes.UnmetConstructorParameter,
                ToolActivationFailure.ConstructorThrew => PluginDiagnosticCodes.ConstructorThrew,
                _ => PluginDiagnosticCodes.NotLoadable,
            };
            return PluginDiagnostic.Warning(at, code, $"{activation.Error}; the tool was not loaded");
        }

        return PluginToolValidator.Validate(tool, at, checkSchema: !schemaValidated);
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
