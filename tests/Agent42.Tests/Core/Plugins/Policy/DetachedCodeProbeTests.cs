using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Class 3.5: code that would run outside the guarded tool call (where an exception ends the process) is
/// refused: timers under any name, async void, finalizers, cancellation callbacks, module initializers,
/// progress and context callbacks. What stays inside the call is accepted.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class DetachedCodeProbeTests
{
    private const string Code = PluginDiagnosticCodes.Detached;

    private static readonly Dictionary<string, string> Probes = new(StringComparer.Ordinal)
    {
        ["async void method"] = "public static class P { public static async void M() { await Task.Yield(); throw new InvalidOperationException(); } }",
        ["async void local function"] = "public static class P { public static void M() { async void Fire() { await Task.Yield(); } Fire(); } }",
        ["async lambda as an Action"] = "public static class P { public static Action A = async () => { await Task.Yield(); throw new InvalidOperationException(); }; }",
        ["async lambda as an event handler"] = "public sealed class P { public event EventHandler? E; public void M() => E += async (_, _) => await Task.Yield(); }",
        ["async void in a nested type"] = "public static class P { public sealed class Inner { public async void M() => await Task.Yield(); } }",
        ["finalizer"] = "public sealed class P { ~P() { throw new InvalidOperationException(); } }",
        ["finalizer in a nested class"] = "public static class Outer { public sealed class P { ~P() { } } }",
        ["finalizer in a record"] = "public record R(int A) { ~R() { } }",
        ["timer from the time provider"] = "public static class P { public static object M() => TimeProvider.System.CreateTimer(_ => throw new InvalidOperationException(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1)); }",
        ["timer from a provider parameter"] = "public static class P { public static object M(TimeProvider clock) => clock.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.Zero); }",
        ["timer through a method group"] = "public static class P { public static Func<TimerCallback, object?, TimeSpan, TimeSpan, ITimer> F = TimeProvider.System.CreateTimer; }",
        ["periodic timer"] = "public static class P { public static object M() => new PeriodicTimer(TimeSpan.FromSeconds(1)); }",
        ["threading timer"] = "public static class P { public static object M() => new Timer(_ => throw new InvalidOperationException(), null, 0, 1); }",
        ["cancellation callback"] = "public static class P { public static object M(CancellationToken ct) => ct.Register(() => throw new InvalidOperationException()); }",
        ["delayed cancellation with a callback"] = "public static class P { public static object M() { var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1)); return cts.Token.Register(() => throw new InvalidOperationException()); } }",
        ["unsafe cancellation callback"] = "public static class P { public static object M(CancellationToken ct) => ct.UnsafeRegister(_ => { }, null); }",
        ["cancellation callback with state"] = "public static class P { public static object M(CancellationToken ct) => ct.Register(s => { }, null); }",
        ["module initializer"] = "public static class P { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { } }",
        ["progress handler"] = "public static class P { public static IProgress<int> M() => new Progress<int>(_ => throw new InvalidOperationException()); }",
        ["synchronization context post"] = "public static class P { public static void M() => new SynchronizationContext().Post(_ => throw new InvalidOperationException(), null); }",
        ["continuation handed to a task awaiter"] = "public static class P { public static void M(Task t) => t.GetAwaiter().OnCompleted(() => throw new InvalidOperationException()); }",
        ["continuation handed to a configured awaiter"] = "public static class P { public static void M(Task<int> t) => t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => { }); }",
        ["continuation handed to a value-task awaiter"] = "public static class P { public static void M(ValueTask t) => t.GetAwaiter().OnCompleted(() => { }); }",
        ["continuation through the notify interface"] = "public static class P { public static void M(Task t) => ((System.Runtime.CompilerServices.INotifyCompletion)t.GetAwaiter()).OnCompleted(() => { }); }",
        ["continuation handed to a value-task source"] = "public sealed class S : System.Threading.Tasks.Sources.IValueTaskSource { System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<bool> _core; public void GetResult(short t) => _core.GetResult(t); public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short t) => _core.GetStatus(t); public void OnCompleted(Action<object?> c, object? s, short t, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags f) => _core.OnCompleted(c, s, t, f); }",
        ["hand-written state machine driven by a builder"] = "using System.Runtime.CompilerServices;\npublic struct Machine : IAsyncStateMachine { public void MoveNext() => throw new InvalidOperationException(); public void SetStateMachine(IAsyncStateMachine m) { } public static void Go() { var b = AsyncTaskMethodBuilder.Create(); var m = new Machine(); var a = Task.Delay(1).GetAwaiter(); b.AwaitUnsafeOnCompleted(ref a, ref m); } }",
        ["async local change handler"] = "public static class P { public static object M() => new AsyncLocal<int>(_ => throw new InvalidOperationException()); }",
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> RefusedProbes() => Probes.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(RefusedProbes))]
    public void CodeOutsideTheCall_IsRefused(string probe)
    {
        var code = probe == "threading timer" ? ApiPolicyRules.Threads.Code : Code;

        PolicyProbe.AssertRefused(_harness, Probes[probe], code);
    }

    [Test]
    public void AsyncVoid_IsReportedAtTheAsyncKeyword()
    {
        var build = PolicyProbe.AssertRefused(_harness, "public static class P\n{\n    public static async void M() => await Task.Yield();\n}\n", Code);

        var error = build.Diagnostics.Single(d => d.Code == Code);
        Assert.That((error.Line, error.Column), Is.EqualTo((12, 19)));
        Assert.That(error.Message, Does.StartWith("async void is not allowed in tools: "));
    }

    [Test]
    public void AsyncVoid_IsFoundByTheScanAlone()
    {
        var found = PolicyProbe.ScanOnly("public static class P { public static async void M() => await Task.Yield(); }");

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("async void is not allowed in tools"));
    }

    [Test]
    public void Finalizer_IsFoundByTheScanAlone()
    {
        var found = PolicyProbe.ScanOnly("public sealed class P { ~P() { } }");

        Assert.That(found.Select(d => d.Message), Has.Some.StartsWith("a finalizer is not allowed in tools"));
    }

    [Test]
    public void WorkInsideTheCall_IsAccepted() => PolicyProbe.AssertAccepted(_harness, """
        public static class P
        {
            public static async Task<int> M(IToolRegistry tools, CancellationToken ct)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                await Task.Delay(1, linked.Token);
                var n = await Task.Run(() => 1, linked.Token);
                _ = new AsyncLocal<int> { Value = 1 };
                Func<Task> f = async () => await Task.Yield();
                await f();
                using var arguments = JsonDocument.Parse("{\"command\":\"ls\"}");
                var shell = await tools.ExecuteAsync("shell", arguments.RootElement, linked.Token);
                return n + (linked.IsCancellationRequested ? 0 : 1) + (shell.Success ? 1 : 0);
            }
        }
        """);
}
