using Agent42.Core.Plugins.Policy;

namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>
/// Agent42's diagnostic codes for plugins other than the API policy's (whose codes live with their rules in
/// <see cref="ApiPolicyRules"/>). A4210x: script directives; A4220x: tool validation; A4230x: loading.
/// </summary>
internal static class PluginDiagnosticCodes
{
    /// <summary><c>#r</c> would let a script reference any assembly and escape the reference set.</summary>
    public const string ReferenceDirective = "A42101";

    /// <summary><c>#load</c> of a file outside the tools directory.</summary>
    public const string LoadOutsideToolsDirectory = "A42102";

    /// <summary>The tool's name breaks the naming rule.</summary>
    public const string InvalidName = "A42201";

    /// <summary>The tool's description is empty.</summary>
    public const string EmptyDescription = "A42202";

    /// <summary>The tool's parameters are not a JSON object schema.</summary>
    public const string InvalidSchema = "A42203";

    /// <summary>The tool's constructor asks for something Agent42 cannot give.</summary>
    public const string UnmetConstructorParameter = "A42204";

    /// <summary>The tool's constructor (or its type initializer) threw.</summary>
    public const string ConstructorThrew = "A42205";

    /// <summary>Reading the tool's name, description or parameters threw.</summary>
    public const string MetadataThrew = "A42206";

    /// <summary>A Tool subclass that is not public, or has no public constructor, so it is not loaded.</summary>
    public const string NotLoadable = "A42207";

    /// <summary>The file defines no public, non-abstract Tool subclass.</summary>
    public const string NoTools = "A42208";

    /// <summary>Another tool (built in, or from another file) already has the name.</summary>
    public const string NameTaken = "A42209";

    /// <summary>The compiled image could not be loaded.</summary>
    public const string LoadFailed = "A42301";

    /// <summary>The file could not be read: too large, not UTF-8, held by another process, or gone.</summary>
    public const string Unreadable = "A42302";

    /// <summary>The file's load-time code (type initializer, constructor, metadata getters) overran PLUGIN_LOAD_TIMEOUT_SECONDS.</summary>
    public const string ActivationTimedOut = "A42303";

    /// <summary>Swapping the file's tools into the registry failed.</summary>
    public const string SwapFailed = "A42304";

    /// <summary>Code whose exception would end the process (finalizer, async void, timer callback).</summary>
    public const string ProcessEndingCode = "A42305";
}
