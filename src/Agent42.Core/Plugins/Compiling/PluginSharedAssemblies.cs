using System.Collections.Frozen;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// The simple names of the assemblies a plugin is compiled against, and so may load (from the host): the
/// framework assemblies of <see cref="PluginReferenceSet"/> that exist here, and the SDK. Computed without
/// Roslyn, for the loader.
/// </summary>
internal static class PluginSharedAssemblies
{
    private static readonly Lazy<FrozenSet<string>> Instance = new(Build);

    public static FrozenSet<string> Names => Instance.Value;

    /// <summary>Framework assembly paths by simple name, from the trusted platform assemblies (first of each name wins).</summary>
    public static IReadOnlyDictionary<string, string> FrameworkPaths()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

        // The list can name an assembly twice (System.Private.CoreLib).
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in trusted)
        {
            if (string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        return byName;
    }

    private static FrozenSet<string> Build()
    {
        var available = FrameworkPaths();
        var names = PluginReferenceSet.AssemblyNamesWanted.Where(available.ContainsKey).ToHashSet(StringComparer.Ordinal);
        names.Add(typeof(Tool).Assembly.GetName().Name!);
        return names.ToFrozenSet(StringComparer.Ordinal);
    }
}
