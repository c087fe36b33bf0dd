namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>
/// Every diagnostic code Agent42 gives a plugin file. A420xx: the API policy (each concern with its advice in
/// <c>Policy/ApiPolicyRules</c>); A4210x: script directives; A4220x: tool validation; A4230x: loading.
/// </summary>
internal static class PluginDiagnosticCodes
{
    /// <summary>An API no rule allows: the policy is an allow-list. (API policy)</summary>
    public const string NotAllowed = "A42000";

    /// <summary>The file system. (API policy)</summary>
    public const string FileSystem = "A42001";

    /// <summary>The network. (API policy)</summary>
    public const string Network = "A42002";

    /// <summary>Processes and diagnostics. (API policy)</summary>
    public const string Processes = "A42003";

    /// <summary>Reflection. (API policy)</summary>
    public const string Reflection = "A42004";

    /// <summary>Interop and marshalling. (API policy)</summary>
    public const string Interop = "A42005";

    /// <summary>Unsafe memory and raw handles. (API policy)</summary>
    public const string UnsafeMemory = "A42006";

    /// <summary>Dynamic code generation and expression compilation. (API policy)</summary>
    public const string DynamicCode = "A42007";

    /// <summary>Assembly loading. (API policy)</summary>
    public const string AssemblyLoading = "A42008";

    /// <summary>Environment and process control. (API policy)</summary>
    public const string EnvironmentControl = "A42009";

    /// <summary>The console. (API policy)</summary>
    public const string ConsoleAccess = "A42010";

    /// <summary>Threads outside tasks. (API policy)</summary>
    public const string Threads = "A42011";

    /// <summary><c>dynamic</c>, which binds by name at run time. (API policy)</summary>
    public const string Dynamic = "A42012";

    /// <summary>Native code (<c>extern</c>, <c>DllImport</c>). (API policy)</summary>
    public const string NativeCode = "A42013";

    /// <summary>An API that takes a runtime <see cref="Type"/> and acts on it by reflection (API policy).</summary>
    public const string RuntimeTypes = "A42014";

    /// <summary>A process-wide hook or host-wide state (API policy).</summary>
    public const string HostState = "A42015";

    /// <summary>Code that would run outside the guarded tool call (API policy).</summary>
    public const string Detached = "A42016";

    /// <summary>An attribute that needs a source generator, which tools do not run (API policy).</summary>
    public const string SourceGenerators = "A42017";

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

    /// <summary>The throwaway process that activates a file's tools for <c>tools check</c> ended without answering, or could not start.</summary>
    public const string ActivationProcessEnded = "A42306";
}
