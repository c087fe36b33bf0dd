using System.Collections.Frozen;
using Agent42.Core.Plugins.Policy;
using Agent42.Sdk;
using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// The assemblies tool code is compiled against: a chosen part of the shared framework, found through
/// TRUSTED_PLATFORM_ASSEMBLIES, plus Agent42.Sdk, and nothing else of the host. Built once; it holds
/// framework metadata only, never a plugin's types.
/// </summary>
/// <remarks>
/// The set is not what keeps tools in line (System.Runtime forwards to System.Private.CoreLib, which holds
/// File, Environment and Marshal): <see cref="ApiPolicy"/> is. So besides what tools legitimately use, the
/// set holds the assemblies behind the most common mistakes (Console, Process, HttpClient, dynamic...) so
/// that such code compiles far enough for the policy to say why it is refused and what to use instead,
/// rather than fail with "type or namespace not found".
/// </remarks>
internal sealed class PluginReferenceSet
{
    /// <summary>What tool code legitimately needs: collections, LINQ, text, regex, JSON, tasks, hashing.</summary>
    private static readonly string[] Needed =
    [
        "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Collections.Concurrent",
        "System.Collections.Immutable", "System.Linq", "System.Linq.AsyncEnumerable", "System.Memory",
        "System.Text.Json", "System.Text.Encodings.Web", "System.Text.RegularExpressions", "System.Threading",
        "System.Threading.Channels", "System.Runtime.Numerics", "System.ComponentModel.Primitives",
        "System.ComponentModel.Annotations", "System.Security.Cryptography", "System.ObjectModel", "System.Private.Uri",
        "System.Threading.Tasks.Parallel", "System.Collections.Specialized", "System.ComponentModel",
    ];

    /// <summary>
    /// Assemblies referenced only so that the policy can explain a refusal (see remarks). Threads, Marshal,
    /// reflection and assembly loading need none: they live in System.Private.CoreLib.
    /// </summary>
    private static readonly string[] Explained =
    [
        "System.Console", "System.Diagnostics.Process", "System.Net.Http", "System.Net.Primitives", "System.Net.Sockets",
        "System.Linq.Expressions", "Microsoft.CSharp", "System.IO.FileSystem.Watcher", "System.ComponentModel.TypeConverter",
        "Microsoft.Win32.Registry",
    ];

    private static readonly Lazy<PluginReferenceSet> Instance = new(Build);

    private PluginReferenceSet(IReadOnlyList<MetadataReference> references, FrozenSet<string> assemblyNames)
    {
        References = references;
        AssemblyNames = assemblyNames;
    }

    /// <summary>The set, built on first use.</summary>
    public static PluginReferenceSet Default => Instance.Value;

    public IReadOnlyList<MetadataReference> References { get; }

    /// <summary>The simple names of the assemblies in the set: what a plugin image may reference and load.</summary>
    public FrozenSet<string> AssemblyNames { get; }

    /// <summary>Every framework assembly the set wants, in order; those missing on this runtime are left out.</summary>
    internal static IEnumerable<string> AssemblyNamesWanted => Needed.Concat(Explained);

    private static PluginReferenceSet Build()
    {
        var byName = PluginSharedAssemblies.FrameworkPaths();
        var references = new List<MetadataReference>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in AssemblyNamesWanted)
        {
            if (byName.TryGetValue(name, out var path) && names.Add(name))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        var sdk = typeof(Tool).Assembly;
        references.Add(MetadataReference.CreateFromFile(sdk.Location));
        names.Add(sdk.GetName().Name!);
        return new PluginReferenceSet(references, names.ToFrozenSet(StringComparer.Ordinal));
    }
}
