namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// The refusals by signature (see <see cref="ApiParameterRule"/>), next to the name rules of
/// <see cref="ApiPolicyRules"/>; bump <see cref="ApiPolicyRules.PolicyVersion"/> on any change.
/// </summary>
internal static class ApiParameterRules
{
    /// <summary>
    /// Every rule. Applied to calls, constructions and delegates in code, not to attributes: an attribute's
    /// arguments are compile-time constants, so a <c>typeof</c> there names a type the policy already checked.
    /// </summary>
    public static IReadOnlyList<ApiParameterRule> All { get; } =
    [
        // A runtime Type (GetType() of a host object included) would let JSON, DataAnnotations, Array and the
        // rest construct, read and write instances of any type by reflection.
        new(string.Empty, null, "System.Type", false, ApiPolicyRules.RuntimeTypes),

        // The path overloads open files; the Stream overloads are harmless.
        new("System.IO.StreamReader", ".ctor", "System.String", true, ApiPolicyRules.FileSystem),
        new("System.IO.StreamWriter", ".ctor", "System.String", true, ApiPolicyRules.FileSystem),

        // Named synchronisation objects are shared by every process on the machine; unnamed ones are the tool's own.
        new("System.Threading.Mutex", null, "System.String", false, ApiPolicyRules.HostState),
        new("System.Threading.Semaphore", null, "System.String", false, ApiPolicyRules.HostState),
        new("System.Threading.EventWaitHandle", null, "System.String", false, ApiPolicyRules.HostState),

        // The change handler runs whenever the host's execution context changes, outside any tool call.
        new("System.Threading.AsyncLocal", ".ctor", "System.Action", false, ApiPolicyRules.Detached),

        // A continuation handed straight to an awaiter or a value-task source runs on the thread pool, outside
        // the call, where its exception ends the process; await (which compiles to the builder) is the way.
        new(string.Empty, "OnCompleted", "System.Action", false, ApiPolicyRules.Detached),
        new(string.Empty, "UnsafeOnCompleted", "System.Action", false, ApiPolicyRules.Detached),
    ];
}
