using System.Reflection;
using System.Runtime.Loader;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// A collectible load context for one build of one tool file. Agent42.Sdk and the framework come from the
/// default context, so the plugin's <c>Tool</c> is the host's <c>Tool</c>; any other assembly is refused,
/// so a tool cannot reach the host's own assemblies even from an image compiled elsewhere.
/// </summary>
internal sealed class PluginLoadContext(string name, IReadOnlySet<string> sharedAssemblies)
    : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } simpleName && sharedAssemblies.Contains(simpleName)
            ? null // defer to the default context: shared with the host
            : throw new FileNotFoundException(
                $"Tools can use only the framework's everyday assemblies and Agent42.Sdk; '{assemblyName.Name}' is not available to them.",
                assemblyName.Name);
}
