using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>Class 3.4: process-wide hooks and host-wide state are refused; the tool's own state is not.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class HostStateProbeTests
{
    private const string Code = PluginDiagnosticCodes.HostState;

    private static readonly Dictionary<string, string> Probes = new(StringComparer.Ordinal)
    {
        ["encoding provider"] = "public sealed class Evil : EncodingProvider { public override Encoding? GetEncoding(int codepage) => null; public override Encoding? GetEncoding(string name) => null; public static void M() => Encoding.RegisterProvider(new Evil()); }",
        ["encoding provider through using static"] = "using static System.Text.Encoding;\npublic static class P { public static void M(EncodingProvider p) => RegisterProvider(p); }",
        ["unobserved task exception handler"] = "public static class P { public static void M() => TaskScheduler.UnobservedTaskException += (_, e) => e.SetObserved(); }",
        ["unobserved handler through a method group"] = "public static class P { static void H(object? s, UnobservedTaskExceptionEventArgs e) { } public static void M() => TaskScheduler.UnobservedTaskException += H; }",
        ["default thread culture"] = "public static class P { public static void M() => CultureInfo.DefaultThreadCurrentCulture = new CultureInfo(\"tr-TR\"); }",
        ["default UI culture through using static"] = "using static System.Globalization.CultureInfo;\npublic static class P { public static void M() => DefaultThreadCurrentUICulture = InvariantCulture; }",
        ["default culture read through an alias"] = "using C = System.Globalization.CultureInfo;\npublic static class P { public static object? M() => C.DefaultThreadCurrentCulture; }",
        ["named mutex"] = "public static class P { public static object M() => new Mutex(false, \"Global\\\\agent42\"); }",
        ["named mutex with created flag"] = "public static class P { public static bool M() { using var m = new Mutex(true, \"x\", out var created); return created; } }",
        ["named semaphore"] = "public static class P { public static object M() => new Semaphore(1, 1, \"x\"); }",
        ["named event"] = "public static class P { public static object M() => new EventWaitHandle(false, EventResetMode.AutoReset, \"x\"); }",
        ["opening a named mutex"] = "public static class P { public static object M() => Mutex.OpenExisting(\"x\"); }",
        ["opening a named event in a lambda"] = "public static class P { public static Func<bool> F = () => EventWaitHandle.TryOpenExisting(\"x\", out _); }",
        ["regex cache size"] = "public static class P { public static void M() => System.Text.RegularExpressions.Regex.CacheSize = 0; }",
        ["execution context flow"] = "public static class P { public static object M() => ExecutionContext.SuppressFlow(); }",
        ["shared array pool"] = "public static class P { public static void M(byte[] b) => System.Buffers.ArrayPool<byte>.Shared.Return(b); }",
        ["shared array pool through an alias"] = "using Pool = System.Buffers.ArrayPool<char>;\npublic static class P { public static char[] M() => Pool.Shared.Rent(4); }",
        ["shared memory pool"] = "public static class P { public static object M() => System.Buffers.MemoryPool<byte>.Shared; }",
        ["time zone cache"] = "public static class P { public static void M() => TimeZoneInfo.ClearCachedData(); }",
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> RefusedProbes() => Probes.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(RefusedProbes))]
    public void ProcessWideHookOrState_IsRefused(string probe) => PolicyProbe.AssertRefused(_harness, Probes[probe], Code);

    [Test]
    public void ToolLocalSynchronisationAndCulture_AreAccepted() => PolicyProbe.AssertAccepted(_harness, """
        public static class P
        {
            public static string M()
            {
                using var m = new Mutex();
                using var s = new Semaphore(1, 1);
                using var e = new ManualResetEvent(false);
                e.Set();
                using var w = new EventWaitHandle(false, EventResetMode.ManualReset);
                using var slim = new SemaphoreSlim(1);
                return CultureInfo.CurrentCulture.Name + 1.5.ToString(CultureInfo.InvariantCulture) + Encoding.GetEncoding("utf-8").WebName + e.WaitOne(0);
            }
        }
        """);
}
