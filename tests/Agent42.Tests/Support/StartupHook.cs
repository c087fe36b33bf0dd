using System.Diagnostics.CodeAnalysis;

/// <summary>
/// Loaded into a child <c>agent42</c> process by <c>DOTNET_STARTUP_HOOKS</c> (the runtime requires this name, in
/// the global namespace): at exit it writes the simple names of the assemblies the process loaded, one a line, to
/// the file <c>AGENT42_TEST_LOADED_ASSEMBLIES</c> names, so a test can tell what a command really pulled in.
/// Touches nothing of the test assembly's dependencies, which the child cannot resolve.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime finds a startup hook by this global name only.")]
internal static class StartupHook
{
    public const string OutputVariable = "AGENT42_TEST_LOADED_ASSEMBLIES";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(OutputVariable) is not { Length: > 0 } output)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(output,
            AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
    }
}
