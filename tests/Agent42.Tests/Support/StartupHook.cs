using System.Diagnostics.CodeAnalysis;

/// <summary>
/// Loaded into a child <c>agent42</c> process by <c>DOTNET_STARTUP_HOOKS</c> (the runtime requires this name, in
/// the global namespace): at exit it writes the simple names of the assemblies the process loaded, one a line, to
/// the file <c>AGENT42_TEST_LOADED_ASSEMBLIES</c> names, so a test can tell what a command really pulled in.
/// With <c>AGENT42_TEST_PAUSE_ATOMIC_WRITE</c> naming a file, an atomic write of that file stops between its temp
/// and its rename, after writing the temp's path to <c>AGENT42_TEST_PAUSE_MARKER</c>, until a line arrives on its
/// standard input: a test can kill -9 a real writer mid-write, or let it go on. Touches nothing of the test assembly's dependencies, which the child cannot resolve.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime finds a startup hook by this global name only.")]
internal static class StartupHook
{
    public const string OutputVariable = "AGENT42_TEST_LOADED_ASSEMBLIES";
    public const string PauseVariable = "AGENT42_TEST_PAUSE_ATOMIC_WRITE";
    public const string PauseMarkerVariable = "AGENT42_TEST_PAUSE_MARKER";
    public const string QuotaAddsVariable = "AGENT42_TEST_FREE_REQUEST_ADDS";
    public const string QuotaDataVariable = "AGENT42_TEST_FREE_REQUEST_DATA";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(QuotaAddsVariable) is { Length: > 0 } adds
            && Environment.GetEnvironmentVariable(QuotaDataVariable) is { Length: > 0 } data)
        {
            AddFreeRequests(int.Parse(adds, System.Globalization.CultureInfo.InvariantCulture), data);
        }

        if (Environment.GetEnvironmentVariable(PauseVariable) is { Length: > 0 } paused
            && Environment.GetEnvironmentVariable(PauseMarkerVariable) is { Length: > 0 } marker)
        {
            PauseAtomicWrites(paused, marker);
        }

        if (Environment.GetEnvironmentVariable(OutputVariable) is not { Length: > 0 } output)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(output,
            AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
    }

    /// <summary>Adds one request at a time, <paramref name="adds"/> times, through the real counter of the data directory.</summary>
    private static void AddFreeRequests(int adds, string dataDirectory)
    {
        var core = System.Reflection.Assembly.Load("Agent42.Core");
        var counterType = core.GetType("Agent42.Core.Models.Quota.FreeRequestCounter", throwOnError: true)!;
        var options = Activator.CreateInstance(core.GetType("Agent42.Core.Models.Quota.FreeQuotaOptions", throwOnError: true)!);
        var logger = Type.GetType("Microsoft.Extensions.Logging.Abstractions.NullLogger`1, Microsoft.Extensions.Logging.Abstractions", throwOnError: true)!
            .MakeGenericType(counterType).GetField("Instance")!.GetValue(null);
        var counter = Activator.CreateInstance(counterType, dataDirectory, options, TimeProvider.System, logger)!;
        var add = counterType.GetMethod("Add")!;
        for (var i = 0; i < adds; i++)
        {
            add.Invoke(counter, [1]);
        }
    }

    private static void PauseAtomicWrites(string fileName, string marker)
    {
        var atomicFile = System.Reflection.Assembly.Load("Agent42.Core").GetType("Agent42.Core.Storage.AtomicFile", throwOnError: true)!;
        Action<string, string> pause = (target, temp) =>
        {
            if (Path.GetFileName(target) == fileName)
            {
                File.WriteAllText(marker + ".part", temp);
                File.Move(marker + ".part", marker);
                // Held here until the test writes a line, or kills the process.
                Console.In.ReadLine();
            }
        };
        atomicFile.GetField("BeforeRename", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.SetValue(null, pause);
    }
}
