using Agent42.Core.Plugins.Policy;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>Class 3.3: raw handles and pointers inside <c>System</c> are refused, however they are reached.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class HandleProbeTests
{
    private static readonly string Code = ApiPolicyRules.UnsafeMemory.Code;

    private static readonly Dictionary<string, string> Probes = new(StringComparer.Ordinal)
    {
        ["type handle from a pointer"] = "public static class P { public static object M(IntPtr p) => RuntimeTypeHandle.FromIntPtr(p); }",
        ["method handle from a pointer"] = "public static class P { public static object M(IntPtr p) => RuntimeMethodHandle.FromIntPtr(p); }",
        ["field handle from a pointer"] = "public static class P { public static object M(IntPtr p) => RuntimeFieldHandle.FromIntPtr(p); }",
        ["function pointer of a method handle"] = "public static class P { public static IntPtr M() => default(RuntimeMethodHandle).GetFunctionPointer(); }",
        ["module handle"] = "public static class P { public static object M() => ModuleHandle.EmptyHandle; }",
        ["type handle through an alias"] = "using H = System.RuntimeTypeHandle;\npublic static class P { public static object M(IntPtr p) => H.FromIntPtr(p); }",
        ["method handle through using static"] = "using static System.RuntimeMethodHandle;\npublic static class P { public static object M(IntPtr p) => FromIntPtr(p); }",
        ["handle factory as a method group"] = "public static class P { public static Func<IntPtr, RuntimeTypeHandle> F = RuntimeTypeHandle.FromIntPtr; }",
        ["handle in a lambda"] = "public static class P { public static Func<IntPtr, object> F = p => RuntimeFieldHandle.FromIntPtr(p); }",
        ["handle as a generic argument"] = "public static class P { public static List<RuntimeMethodHandle> L = new(); }",
        ["arglist method"] = "public static class P { public static int V(__arglist) => new ArgIterator(__arglist).GetRemainingCount(); }",
        ["arglist call"] = "public static class P { public static int V(__arglist) => 0; public static int M() => V(__arglist(1, 2)); }",
        ["wait handle's raw handle"] = "public static class P { public static void M() { using var e = new ManualResetEvent(false); e.Handle = IntPtr.Zero; } }",
        ["semaphore's safe wait handle"] = "public static class P { public static object M() => new SemaphoreSlim(1).AvailableWaitHandle.SafeWaitHandle; }",
        ["native overlapped"] = "public static class P { public static object M() => new NativeOverlapped(); }",
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> RefusedProbes() => Probes.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(RefusedProbes))]
    public void RawHandleOrPointer_IsRefused(string probe) => PolicyProbe.AssertRefused(_harness, Probes[probe], Code);

    [Test]
    public void VarargMethod_IsFoundByTheScanAlone()
    {
        var found = PolicyProbe.ScanOnly("public static class P { public static int V(__arglist) => 0; }");

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("__arglist is not allowed in tools"));
    }

    [Test]
    public void TypeofAndArrayInitializers_WhichCompileToHandles_AreAccepted() =>
        PolicyProbe.AssertAccepted(_harness, "public static class P { public static string M() => typeof(string).Name + typeof(List<int>).FullName + new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }.Sum() + IntPtr.Size + nint.Zero; }");
}
