using System.Globalization;
using System.Runtime.InteropServices;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Policy;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Cache;

/// <summary>
/// Everything besides the source that decides what a build produces: the compiler, the policy, the SDK build
/// the image binds to, the host's plugin code, the runtime and the compile options. Read without loading
/// Roslyn or reading files, so that a start-up whose plugins are all cached never pays for them.
/// </summary>
internal static class PluginFingerprint
{
    private const string RoslynAssembly = "Microsoft.CodeAnalysis.CSharp";

    /// <summary>The Roslyn compiler's assembly version, as this assembly references it (no file is read).</summary>
    public static string CompilerVersion { get; } =
        typeof(PluginFingerprint).Assembly.GetReferencedAssemblies()
            .FirstOrDefault(a => a.Name == RoslynAssembly)?.Version?.ToString() ?? "unknown";

    public static string Value { get; } = string.Join(';',
        "roslyn=" + CompilerVersion,
        "policy=" + ApiPolicyRules.PolicyVersion.ToString(CultureInfo.InvariantCulture),
        "options=" + PluginCompiler.OptionsVersion.ToString(CultureInfo.InvariantCulture),
        "sdk=" + typeof(Tool).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        // Any change to the host's plugin code (a policy rule someone forgot to version) rebuilds the cache.
        "host=" + typeof(PluginFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        "runtime=" + RuntimeInformation.FrameworkDescription);
}
