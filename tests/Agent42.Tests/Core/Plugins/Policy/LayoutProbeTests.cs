using Agent42.Core.Plugins.Policy;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Class 3.2: layout and implementation attributes leave flags, not references, in the image; the scan reads
/// the flags, so they are refused however they are spelled, and even with no syntax walk.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class LayoutProbeTests
{
    private static readonly string Interop = ApiPolicyRules.Interop.Code;
    private static readonly string Native = ApiPolicyRules.NativeCode.Code;

    private static readonly Dictionary<string, (string Source, string Code)> Probes = new(StringComparer.Ordinal)
    {
        ["explicit layout type confusion"] = ("""
            [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
            public struct Confused { [System.Runtime.InteropServices.FieldOffset(0)] public object O; [System.Runtime.InteropServices.FieldOffset(0)] public string S; }
            """, Interop),
        ["explicit layout through a using"] = ("using System.Runtime.InteropServices;\n[StructLayout(LayoutKind.Explicit)] public struct U { [FieldOffset(0)] public long A; [FieldOffset(0)] public double B; }", Interop),
        ["explicit layout through aliases"] = ("using L = System.Runtime.InteropServices.StructLayoutAttribute;\nusing K = System.Runtime.InteropServices.LayoutKind;\nusing O = System.Runtime.InteropServices.FieldOffsetAttribute;\n[L(K.Explicit)] public struct U { [O(0)] public int A; }", Interop),
        ["explicit layout by number"] = ("[System.Runtime.InteropServices.StructLayout((System.Runtime.InteropServices.LayoutKind)2)] public struct U { [System.Runtime.InteropServices.FieldOffset(0)] public int A; }", Interop),
        ["explicit layout in a nested type"] = ("public static class Outer { [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public struct U { [System.Runtime.InteropServices.FieldOffset(0)] public int A; } }", Interop),
        ["explicit layout on a record struct"] = ("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public record struct R([field: System.Runtime.InteropServices.FieldOffset(0)] int A);", Interop),
        ["internal call by flag"] = ("public static class P { [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)] public static extern int Call(); }", Native),
        ["internal call by number, with a body"] = ("public static class P { [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)] public static int Call() => 0; }", Native),
        ["marshalling on a field"] = ("public struct S { [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPStr)] public string Text; }", Interop),
        ["marshalling on a parameter and a return"] = ("public static class P { [return: System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.Bool)] public static bool M([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPWStr)] string s) => s.Length > 0; }", Interop),
        ["unsafe accessor to a private field"] = ("public static class P { [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = \"_root\")] public static extern ref string Root(object o); }", Native),
        ["unsafe accessor to a constructor"] = ("public static class P { [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Constructor)] public static extern Exception Make(); }", Native),
        ["COM import"] = ("[System.Runtime.InteropServices.ComImport, System.Runtime.InteropServices.Guid(\"00000000-0000-0000-0000-000000000001\")] public class Com { }", Interop),
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> RefusedProbes() => Probes.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(RefusedProbes))]
    public void LayoutOrImplementationAttribute_IsRefused(string probe) => PolicyProbe.AssertRefused(_harness, Probes[probe].Source, Probes[probe].Code);

    [TestCase("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public struct U { [System.Runtime.InteropServices.FieldOffset(0)] public int A; }",
        "System.Runtime.InteropServices.StructLayoutAttribute", TestName = "Scan alone finds explicit layout")]
    [TestCase("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public struct U { [System.Runtime.InteropServices.FieldOffset(0)] public int A; }",
        "System.Runtime.InteropServices.FieldOffsetAttribute", TestName = "Scan alone finds a field offset")]
    [TestCase("public struct S { [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPStr)] public string T; }",
        "System.Runtime.InteropServices.MarshalAsAttribute", TestName = "Scan alone finds marshalling")]
    [TestCase("public static class P { [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)] public static int Call() => 0; }",
        "extern method Call", TestName = "Scan alone finds an internal call")]
    public void LayoutOrImplementationFlag_IsFoundByTheScanAlone(string source, string what)
    {
        var found = PolicyProbe.ScanOnly(source);

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith(what + " is not allowed in tools"));
    }

    [Test]
    public void OrdinaryStructsAndFixedSizeData_AreAccepted() =>
        PolicyProbe.AssertAccepted(_harness, "public struct P { public int X; public int Y; }\npublic static class D { public static ReadOnlySpan<byte> Bytes => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; public static int[] Ints() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; }");
}
