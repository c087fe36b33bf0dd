using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// What tool code may use: the one place where the allow-list and the deny-list live. Bump
/// <see cref="PolicyVersion"/> on any change, so that images compiled under the old rules are not reused.
/// </summary>
/// <remarks>
/// <para>
/// The policy is an allow-list: an API is usable when the most specific rule that matches it allows it, and
/// an API that no rule matches is refused with <see cref="NotAllowed"/>. The deny rules exist to say why a
/// well-known API is refused and what to use instead; they also carve refusals out of allowed namespaces
/// (<c>System.Threading.Thread</c> inside <c>System.Threading</c>), while allowed rules carve harmless types
/// out of refused namespaces (<c>System.IO.StringReader</c> inside <c>System.IO</c>).
/// </para>
/// <para>
/// A tool reaches the outside world only through the services it is given. This is a guard against
/// mistakes and casual abuse inside one process, not a security boundary: in-process code that is
/// determined enough can always find a way out.
/// </para>
/// </remarks>
internal static class ApiPolicyRules
{
    /// <summary>The version of these rules; part of the compile cache key.</summary>
    public const int PolicyVersion = 2;

    public static readonly ApiConcern NotAllowed = new(PluginDiagnosticCodes.NotAllowed, "not on the allow-list",
        "it is outside the APIs tools may use (core System types, collections, LINQ, text, regular expressions, JSON, tasks, hashing and Agent42.Sdk)",
        "use those, or ask for the API to be added to the allow-list in ApiPolicyRules if a tool really needs it");

    public static readonly ApiConcern FileSystem = new(PluginDiagnosticCodes.FileSystem, "file system",
        "tools touch files only through Agent42, which keeps every path inside the workspace",
        "ask for IWorkspaceSandbox and use its ReadAllTextAsync, WriteAllTextAsync, ListFiles and FileExists, or call the read_file, write_file, edit_file, list_dir or grep tool through IToolRegistry");

    public static readonly ApiConcern Network = new(PluginDiagnosticCodes.Network, "network",
        "tools reach the network only through Agent42's http_request tool, which applies its limits",
        "call the http_request tool through IToolRegistry");

    public static readonly ApiConcern Processes = new(PluginDiagnosticCodes.Processes, "processes and diagnostics",
        "starting processes, attaching debuggers and writing to event logs or trace listeners bypass the command filter",
        "call the shell tool through IToolRegistry (it checks commands with ICommandFilter); use Stopwatch for timing and IToolLogger for messages");

    public static readonly ApiConcern Reflection = new(PluginDiagnosticCodes.Reflection, "reflection",
        "reflection reaches members by name and so gets around every other rule",
        "call the code directly; Type.Name, FullName and typeof comparisons are allowed");

    public static readonly ApiConcern Interop = new(PluginDiagnosticCodes.Interop, "interop",
        "native interop, marshalling and the Windows registry leave managed, checked code",
        "stay in managed code, or ask for a service in Agent42.Sdk");

    public static readonly ApiConcern UnsafeMemory = new(PluginDiagnosticCodes.UnsafeMemory, "unsafe memory",
        "unsafe code, pointers and Unsafe/RuntimeHelpers read and write memory without checks",
        "use arrays, Span<T> and Memory<T>");

    public static readonly ApiConcern DynamicCode = new(PluginDiagnosticCodes.DynamicCode, "dynamic code generation",
        "emitting IL or compiling expression trees creates code the policy never saw",
        "write the code in the tool itself, using delegates and lambdas");

    public static readonly ApiConcern AssemblyLoading = new(PluginDiagnosticCodes.AssemblyLoading, "assembly loading",
        "loading assemblies brings in code the policy never saw and can pin the tool's load context",
        "put the code in the tool file (or a file it #loads from the tools directory)");

    public static readonly ApiConcern EnvironmentControl = new(PluginDiagnosticCodes.EnvironmentControl, "environment and process control",
        "environment variables, the current directory, exiting the process and steering the garbage collector belong to the host",
        "take settings through the tool's arguments and the workspace path through a constructor parameter 'string workspace'");

    public static readonly ApiConcern ConsoleAccess = new(PluginDiagnosticCodes.ConsoleAccess, "console",
        "the console belongs to Agent42's user interface",
        "return text through ToolResult and log through IToolLogger");

    public static readonly ApiConcern Threads = new(PluginDiagnosticCodes.Threads, "threads outside tasks",
        "threads, the thread pool and timers outlive the tool call and keep an unloaded tool alive",
        "use async code: Task.Run, await Task.Delay(delay, cancellationToken), Task.WhenAll, and honour the CancellationToken");

    public static readonly ApiConcern Dynamic = new(PluginDiagnosticCodes.Dynamic, "dynamic",
        "'dynamic' binds members by name at run time, out of the policy's sight, and its call-site caches pin the tool",
        "use static types, JsonElement or JsonNode");

    public static readonly ApiConcern NativeCode = new(PluginDiagnosticCodes.NativeCode, "native code",
        "extern methods and [DllImport] call native libraries",
        "stay in managed code, or use the shell tool through IToolRegistry");

    public static readonly ApiConcern RuntimeTypes = new(PluginDiagnosticCodes.RuntimeTypes, "runtime types",
        "an API that takes a runtime Type acts on it by reflection: it can construct, read and write instances of any type, the host's own included",
        "use the generic overload with a type the tool names (JsonSerializer.Deserialize<T>, Enum.Parse<T>), or a typeof comparison");

    public static readonly ApiConcern HostState = new(PluginDiagnosticCodes.HostState, "process-wide state",
        "process-wide hooks and host-wide state (encoding providers, unobserved-exception handlers, default cultures, caches, named OS synchronisation objects) change all of Agent42 and other processes, not just the tool",
        "keep state inside the tool: pass a CultureInfo or Encoding explicitly, use an unnamed SemaphoreSlim or Lock, and a pool of the tool's own (ArrayPool<T>.Create())");

    public static readonly ApiConcern Detached = new(PluginDiagnosticCodes.Detached, "code outside the tool call",
        "code that runs outside the tool call (timer callbacks, async void, finalizers, cancellation callbacks, module initializers, progress handlers) is not guarded: an exception there ends the Agent42 process",
        "keep the work inside the call: await Task.Delay(delay, cancellationToken) instead of a timer, return a Task instead of void, use IDisposable instead of a finalizer, check the cancellationToken instead of registering a callback");

    public static readonly ApiConcern SourceGenerators = new(PluginDiagnosticCodes.SourceGenerators, "source generators",
        "tools are compiled without source generators, so the code this attribute asks for is never written",
        "build the regular expression once, in a static readonly Regex field (new Regex(pattern, RegexOptions.Compiled)), and use JsonSerializer's generic overloads");

    /// <summary>What a diagnostic calls an async void method or lambda, found in source or in the image.</summary>
    public const string AsyncVoidName = "async void";

    /// <summary>What a diagnostic calls a finalizer, found in source or in the image.</summary>
    public const string FinalizerName = "a finalizer";

    /// <summary>
    /// What the image scan calls what it finds through these types and members, so that the name matches the
    /// syntax walk's for the same construct (the image knows async void only by its builder).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImageNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["System.Runtime.CompilerServices.AsyncVoidMethodBuilder"] = AsyncVoidName,
        ["System.Object.Finalize"] = FinalizerName,
    };

    /// <summary>Every rule, allowed and denied. Order does not matter; specificity decides.</summary>
    public static IReadOnlyList<ApiRule> All { get; } =
    [
        // The everyday toolbox.
        Allow(ApiRuleKind.Namespace, "System"),
        Allow(ApiRuleKind.NamespaceTree, "System.Collections"),
        Allow(ApiRuleKind.NamespaceTree, "System.Linq"),
        Allow(ApiRuleKind.NamespaceTree, "System.Text"),
        Allow(ApiRuleKind.NamespaceTree, "System.Threading"),
        Allow(ApiRuleKind.NamespaceTree, "System.Globalization"),
        Allow(ApiRuleKind.NamespaceTree, "System.Numerics"),
        Allow(ApiRuleKind.NamespaceTree, "System.Buffers"),
        Allow(ApiRuleKind.NamespaceTree, "System.Diagnostics.CodeAnalysis"),
        Allow(ApiRuleKind.NamespaceTree, "System.ComponentModel.DataAnnotations"),
        Allow(ApiRuleKind.Type, "System.ComponentModel.DescriptionAttribute", "describes arguments to the model"),
        Allow(ApiRuleKind.NamespaceTree, "System.Runtime.CompilerServices", "what async, records, interpolation and collection expressions compile to"),
        Allow(ApiRuleKind.NamespaceTree, "Agent42.Sdk"),

        // Hashing and random numbers: pure computation (the rest of System.Security is not allowed).
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA256"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA512"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA1"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.MD5"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMACSHA256"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HashAlgorithm"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.IncrementalHash"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HashAlgorithmName"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.RandomNumberGenerator"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA384"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA3_256"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA3_384"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.SHA3_512"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMACSHA1"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMACSHA384"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMACSHA512"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMACMD5"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.HMAC"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.KeyedHashAlgorithm"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.CryptographicOperations", "constant-time comparison and zeroing"),
        Allow(ApiRuleKind.Type, "System.Security.Cryptography.CryptographicException", "to catch"),

        // File system. In-memory streams and readers are harmless; Path's string helpers are pure, except the
        // few members that read the file system or the process's current directory.
        Deny(ApiRuleKind.NamespaceTree, "System.IO", FileSystem),
        Allow(ApiRuleKind.Type, "System.IO.StringReader", "reads a string"),
        Allow(ApiRuleKind.Type, "System.IO.StringWriter", "writes to a string"),
        Allow(ApiRuleKind.Type, "System.IO.TextReader", "base of StringReader"),
        Allow(ApiRuleKind.Type, "System.IO.TextWriter", "base of StringWriter"),
        Allow(ApiRuleKind.Type, "System.IO.MemoryStream", "a stream over memory"),
        Allow(ApiRuleKind.Type, "System.IO.StreamReader", "reads a stream it is given; its path constructors are refused by ApiParameterRules"),
        Allow(ApiRuleKind.Type, "System.IO.StreamWriter", "writes a stream it is given; its path constructors are refused by ApiParameterRules"),
        Allow(ApiRuleKind.Type, "System.IO.BinaryReader", "reads a stream it is given"),
        Allow(ApiRuleKind.Type, "System.IO.BinaryWriter", "writes a stream it is given"),
        Allow(ApiRuleKind.Type, "System.IO.Stream", "base of MemoryStream; opens nothing by itself"),
        Allow(ApiRuleKind.Type, "System.IO.SeekOrigin", "an enum for streams"),
        Allow(ApiRuleKind.Type, "System.IO.IOException", "to catch"),
        Allow(ApiRuleKind.Type, "System.IO.Path", "string helpers for workspace-relative paths"),
        Deny(ApiRuleKind.Member, "System.IO.Path.GetFullPath", FileSystem),
        Deny(ApiRuleKind.Member, "System.IO.Path.GetRelativePath", FileSystem),
        Deny(ApiRuleKind.Member, "System.IO.Path.GetTempPath", FileSystem),
        Deny(ApiRuleKind.Member, "System.IO.Path.GetTempFileName", FileSystem),
        Deny(ApiRuleKind.Member, "System.IO.Path.Exists", FileSystem),

        // Network.
        Deny(ApiRuleKind.NamespaceTree, "System.Net", Network),
        Allow(ApiRuleKind.Type, "System.Net.WebUtility", "URL and HTML encoding of strings"),

        // Processes, debuggers, event logs, trace listeners. Timing and the attributes the compiler emits are harmless.
        Deny(ApiRuleKind.NamespaceTree, "System.Diagnostics", Processes),
        Allow(ApiRuleKind.Type, "System.Diagnostics.Stopwatch", "measures time"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.UnreachableException", "to throw"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.ConditionalAttribute"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggableAttribute", "the compiler emits it on every assembly"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerHiddenAttribute", "the compiler emits it"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerBrowsableAttribute", "the compiler emits it"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerBrowsableState"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerDisplayAttribute", "the compiler emits it"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerStepThroughAttribute", "the compiler emits it"),
        Allow(ApiRuleKind.Type, "System.Diagnostics.DebuggerNonUserCodeAttribute", "the compiler emits it"),

        // Reflection. System.Type is refused except for what describes a type without reaching its members.
        Deny(ApiRuleKind.NamespaceTree, "System.Reflection", Reflection),
        Allow(ApiRuleKind.Type, "System.Reflection.DefaultMemberAttribute", "the compiler emits it for indexers"),
        Allow(ApiRuleKind.Member, "System.Reflection.MemberInfo.Name", "Type.Name is declared here"),
        Deny(ApiRuleKind.Type, "System.Type", Reflection),
        Allow(ApiRuleKind.Member, "System.Type.GetTypeFromHandle", "what typeof compiles to"),
        Allow(ApiRuleKind.Member, "System.Type.op_Equality", "compares types; records compile to it"),
        Allow(ApiRuleKind.Member, "System.Type.op_Inequality"),
        Allow(ApiRuleKind.Member, "System.Type.Equals"),
        Allow(ApiRuleKind.Member, "System.Type.FullName"),
        Allow(ApiRuleKind.Member, "System.Type.Namespace"),
        Allow(ApiRuleKind.Member, "System.Type.IsAssignableFrom"),
        Allow(ApiRuleKind.Member, "System.Type.IsAssignableTo"),
        Allow(ApiRuleKind.Member, "System.Type.IsInstanceOfType"),
        Allow(ApiRuleKind.Member, "System.Type.IsEnum"),
        Allow(ApiRuleKind.Member, "System.Type.IsValueType"),
        Allow(ApiRuleKind.Member, "System.Type.IsGenericType"),
        Allow(ApiRuleKind.Member, "System.Type.GetGenericArguments"),
        Deny(ApiRuleKind.Type, "System.Activator", Reflection),
        Allow(ApiRuleKind.Member, "System.Enum.GetValues", "takes a Type but only lists an enum's values"),
        Allow(ApiRuleKind.Member, "System.Enum.GetNames", "takes a Type but only lists an enum's names"),
        Allow(ApiRuleKind.Member, "System.Enum.GetName", "takes a Type but only names an enum value"),
        Allow(ApiRuleKind.Member, "System.Enum.Parse", "takes a Type but only makes enum values"),
        Allow(ApiRuleKind.Member, "System.Enum.TryParse", "takes a Type but only makes enum values"),
        Allow(ApiRuleKind.Member, "System.Enum.IsDefined", "takes a Type but only reads an enum"),
        Allow(ApiRuleKind.Member, "System.Enum.ToObject", "takes a Type but only makes enum values"),
        Allow(ApiRuleKind.Member, "System.Enum.GetUnderlyingType", "takes a Type but only reads an enum"),
        Allow(ApiRuleKind.Member, "System.Nullable.GetUnderlyingType", "takes a Type but only reads it"),
        Allow(ApiRuleKind.Member, "System.Convert.ChangeType", "takes a Type but converts only between IConvertible primitives"),
        Allow(ApiRuleKind.Member, "System.Text.Json.Serialization.JsonConverter.CanConvert", "takes a Type but only compares it (base.CanConvert in a converter)"),
        Deny(ApiRuleKind.Member, "System.Delegate.CreateDelegate", Reflection),

        // Interop and native code.
        Deny(ApiRuleKind.NamespaceTree, "System.Runtime.InteropServices", Interop),
        Deny(ApiRuleKind.NamespaceTree, "Microsoft.Win32", Interop),
        Deny(ApiRuleKind.Type, "System.Runtime.InteropServices.DllImportAttribute", NativeCode),
        Deny(ApiRuleKind.Type, "System.Runtime.InteropServices.LibraryImportAttribute", NativeCode),
        Deny(ApiRuleKind.Syntax, "extern", NativeCode),

        // Unsafe memory.
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.Unsafe", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.RuntimeHelpers", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.TypedReference", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.RuntimeTypeHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.RuntimeMethodHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.RuntimeFieldHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.ModuleHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.ArgIterator", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.RuntimeArgumentHandle", UnsafeMemory),
        Deny(ApiRuleKind.Member, "System.Threading.WaitHandle.Handle", UnsafeMemory),
        Deny(ApiRuleKind.Member, "System.Threading.WaitHandle.SafeWaitHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.Threading.ThreadPoolBoundHandle", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.Threading.Overlapped", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.Threading.NativeOverlapped", UnsafeMemory),
        Deny(ApiRuleKind.Type, "System.Threading.IOCompletionCallback", UnsafeMemory),
        Deny(ApiRuleKind.Syntax, "__arglist", UnsafeMemory),
        Deny(ApiRuleKind.Syntax, "unsafe", UnsafeMemory),

        // Dynamic code generation.
        Deny(ApiRuleKind.NamespaceTree, "System.Reflection.Emit", DynamicCode),
        Deny(ApiRuleKind.NamespaceTree, "System.Linq.Expressions", DynamicCode),

        // Assembly loading.
        Deny(ApiRuleKind.NamespaceTree, "System.Runtime.Loader", AssemblyLoading),
        Deny(ApiRuleKind.Type, "System.Reflection.Assembly", AssemblyLoading),
        Deny(ApiRuleKind.Type, "System.AppDomain", AssemblyLoading),

        // Environment and process control.
        Deny(ApiRuleKind.Type, "System.Environment", EnvironmentControl),
        Allow(ApiRuleKind.Member, "System.Environment.NewLine", "a constant string"),
        Allow(ApiRuleKind.Member, "System.Environment.TickCount", "a clock"),
        Allow(ApiRuleKind.Member, "System.Environment.TickCount64", "a clock"),
        Allow(ApiRuleKind.Member, "System.Environment.ProcessorCount", "sizes parallel work"),
        Deny(ApiRuleKind.Type, "System.AppContext", EnvironmentControl),
        Deny(ApiRuleKind.Type, "System.GC", EnvironmentControl),
        Deny(ApiRuleKind.Type, "System.Runtime.GCSettings", EnvironmentControl),

        // Console.
        Deny(ApiRuleKind.Type, "System.Console", ConsoleAccess),

        // Threads outside tasks.
        Deny(ApiRuleKind.Type, "System.Threading.Thread", Threads),
        Deny(ApiRuleKind.Type, "System.Threading.ThreadPool", Threads),
        Deny(ApiRuleKind.Type, "System.Threading.Timer", Threads),
        Deny(ApiRuleKind.NamespaceTree, "System.Timers", Threads),

        // dynamic.
        Deny(ApiRuleKind.Syntax, "dynamic", Dynamic),
        Deny(ApiRuleKind.NamespaceTree, "Microsoft.CSharp.RuntimeBinder", Dynamic),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.DynamicAttribute", Dynamic),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.CallSite", Dynamic),

        // Process-wide hooks and host-wide state.
        Deny(ApiRuleKind.Member, "System.Text.Encoding.RegisterProvider", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.Tasks.TaskScheduler.UnobservedTaskException", HostState),
        Deny(ApiRuleKind.Member, "System.Globalization.CultureInfo.DefaultThreadCurrentCulture", HostState),
        Deny(ApiRuleKind.Member, "System.Globalization.CultureInfo.DefaultThreadCurrentUICulture", HostState),
        Deny(ApiRuleKind.Member, "System.TimeZoneInfo.ClearCachedData", HostState),
        Deny(ApiRuleKind.Member, "System.Text.RegularExpressions.Regex.CacheSize", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.Mutex.OpenExisting", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.Mutex.TryOpenExisting", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.Semaphore.OpenExisting", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.Semaphore.TryOpenExisting", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.EventWaitHandle.OpenExisting", HostState),
        Deny(ApiRuleKind.Member, "System.Threading.EventWaitHandle.TryOpenExisting", HostState),
        Deny(ApiRuleKind.Type, "System.Threading.ExecutionContext", HostState),
        Deny(ApiRuleKind.Member, "System.Buffers.ArrayPool.Shared", HostState), // a buffer returned twice, or used after its return, corrupts the host's
        Deny(ApiRuleKind.Member, "System.Buffers.MemoryPool.Shared", HostState),

        // Code that runs outside the tool call, where an exception is not caught: timers under any name,
        // async void, finalizers, cancellation callbacks, module initializers, progress and context callbacks.
        Deny(ApiRuleKind.Member, "System.TimeProvider.CreateTimer", Detached),
        Deny(ApiRuleKind.Type, "System.Threading.PeriodicTimer", Detached),
        Deny(ApiRuleKind.Member, "System.Threading.CancellationToken.Register", Detached),
        Deny(ApiRuleKind.Member, "System.Threading.CancellationToken.UnsafeRegister", Detached),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.AsyncVoidMethodBuilder", Detached),
        Deny(ApiRuleKind.Member, "System.Object.Finalize", Detached),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.ModuleInitializerAttribute", Detached),
        Deny(ApiRuleKind.Type, "System.Progress", Detached),
        Deny(ApiRuleKind.Type, "System.Threading.SynchronizationContext", Detached),
        Deny(ApiRuleKind.Type, "System.Runtime.CompilerServices.IAsyncStateMachine", Detached), // a hand-written one's exceptions escape its builder

        // Source generators do not run for tools.
        Deny(ApiRuleKind.Type, "System.Text.RegularExpressions.GeneratedRegexAttribute", SourceGenerators),
        Deny(ApiRuleKind.Type, "System.Text.Json.Serialization.JsonSerializableAttribute", SourceGenerators),

        // Layout and implementation attributes that leave no reference in the image (the scan reads their flags).
        Deny(ApiRuleKind.Member, "System.Runtime.CompilerServices.MethodImplOptions.InternalCall", NativeCode),
        Deny(ApiRuleKind.Member, "System.Runtime.CompilerServices.MethodImplOptions.Unmanaged", NativeCode),
        Deny(ApiRuleKind.Member, "System.Runtime.CompilerServices.MethodImplOptions.ForwardRef", NativeCode),
        Allow(ApiRuleKind.Type, "System.Runtime.ExceptionServices.ExceptionDispatchInfo", "rethrows an exception; await in catch and finally compiles to it"),
    ];

    /// <summary>
    /// Refused members and types that the compiler itself emits for ordinary code (collection expressions,
    /// params spans, array initializers, ranges, records, <c>in</c> parameters, <c>unmanaged</c> constraints).
    /// Only the metadata scan accepts them: written in source, they are still refused by the syntax walk.
    /// </summary>
    public static IReadOnlyList<string> CompilerEmitted { get; } =
    [
        "System.Runtime.CompilerServices.Unsafe.As",
        "System.Runtime.CompilerServices.Unsafe.Add",
        "System.Runtime.CompilerServices.Unsafe.AsRef",
        "System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray",
        "System.Runtime.CompilerServices.RuntimeHelpers.CreateSpan",
        "System.Runtime.CompilerServices.RuntimeHelpers.GetSubArray",
        "System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack",
        "System.Runtime.InteropServices.MemoryMarshal.CreateSpan",
        "System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan",
        "System.Runtime.InteropServices.CollectionsMarshal.AsSpan",
        "System.Runtime.InteropServices.CollectionsMarshal.SetCount",
        "System.Runtime.InteropServices.InAttribute",
        "System.Runtime.InteropServices.UnmanagedType",
        "System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray",
        "System.Environment.CurrentManagedThreadId",
        "System.Activator.CreateInstance",
        "System.RuntimeTypeHandle",
        "System.RuntimeFieldHandle",
        "System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore.OnCompleted",
        "System.Runtime.CompilerServices.IAsyncStateMachine",
    ];

    // Built on first use, not in the type initializer: ApiParameterRules reads this class's concerns, so whichever of the
    // two classes a process touches first, the other must already be complete when the set is built (eagerly, a
    // process that touched ApiParameterRules first got a rule set without its parameter rules).
    private static readonly Lazy<ApiRuleSet> CompiledRules = new(() => new ApiRuleSet(All, CompilerEmitted, ApiParameterRules.All));

    /// <summary>The rules, indexed for lookups.</summary>
    public static ApiRuleSet Compiled => CompiledRules.Value;

    private static ApiRule Allow(ApiRuleKind kind, string target, string? note = null) => new(kind, target, null, note);

    private static ApiRule Deny(ApiRuleKind kind, string target, ApiConcern concern) => new(kind, target, concern);
}
