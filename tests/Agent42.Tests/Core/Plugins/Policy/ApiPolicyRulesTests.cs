using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// One test for every entry of <see cref="ApiPolicyRules"/>: each refused target is refused with its code, each
/// allowed target compiles clean, and each compiler-emitted helper really is emitted and accepted.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class ApiPolicyRulesTests
{
    /// <summary>A member using each refused target, placed in a static class.</summary>
    private static readonly Dictionary<string, string> DeniedSamples = new(StringComparer.Ordinal)
    {
        ["System.IO"] = "static object M() => System.IO.File.ReadAllText(\"x\");",
        ["System.IO.Path.GetFullPath"] = "static object M() => System.IO.Path.GetFullPath(\"x\");",
        ["System.IO.Path.GetRelativePath"] = "static object M() => System.IO.Path.GetRelativePath(\"a\", \"b\");",
        ["System.IO.Path.GetTempPath"] = "static object M() => System.IO.Path.GetTempPath();",
        ["System.IO.Path.GetTempFileName"] = "static object M() => System.IO.Path.GetTempFileName();",
        ["System.IO.Path.Exists"] = "static object M() => System.IO.Path.Exists(\"x\");",
        ["System.Net"] = "static object M() => new System.Net.Http.HttpClient();",
        ["System.Diagnostics"] = "static object M() => System.Diagnostics.Process.Start(\"ls\");",
        ["System.Reflection"] = "static object M() => System.Reflection.BindingFlags.Public;",
        ["System.Type"] = "static object? M() => typeof(string).GetMethod(\"Trim\", Type.EmptyTypes);",
        ["System.Activator"] = "static object? M() => Activator.CreateInstance(typeof(object));",
        ["System.Delegate.CreateDelegate"] = "static object? M() => Delegate.CreateDelegate(typeof(Action), typeof(Probe), \"M\");",
        ["System.Runtime.InteropServices"] = "static object M() => System.Runtime.InteropServices.Marshal.AllocHGlobal(8);",
        ["Microsoft.Win32"] = "static object M() => Microsoft.Win32.Registry.CurrentUser;",
        ["System.Runtime.InteropServices.DllImportAttribute"] = "[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();",
        ["System.Runtime.InteropServices.LibraryImportAttribute"] = "[System.Runtime.InteropServices.LibraryImport(\"libc\")] static int getpid() => 0;",
        ["extern"] = "static extern int getpid();",
        ["System.Runtime.CompilerServices.Unsafe"] = "static object M() => System.Runtime.CompilerServices.Unsafe.SizeOf<int>();",
        ["System.Runtime.CompilerServices.RuntimeHelpers"] = "static object M() => System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(object));",
        ["System.TypedReference"] = "static void M(System.TypedReference reference) { }",
        ["unsafe"] = "static unsafe int M() => 0;",
        ["System.Reflection.Emit"] = "static object M() => new System.Reflection.Emit.DynamicMethod(\"m\", null, null);",
        ["System.Linq.Expressions"] = "static object M() => (System.Linq.Expressions.Expression<Func<int>>)(() => 1);",
        ["System.Runtime.Loader"] = "static object M() => System.Runtime.Loader.AssemblyLoadContext.Default;",
        ["System.Reflection.Assembly"] = "static object M() => System.Reflection.Assembly.Load(\"x\");",
        ["System.AppDomain"] = "static object M() => AppDomain.CurrentDomain;",
        ["System.Environment"] = "static object? M() => Environment.GetEnvironmentVariable(\"HOME\");",
        ["System.AppContext"] = "static object M() => AppContext.BaseDirectory;",
        ["System.GC"] = "static void M() => GC.Collect();",
        ["System.Runtime.GCSettings"] = "static object M() => System.Runtime.GCSettings.LatencyMode;",
        ["System.Console"] = "static void M() => Console.WriteLine(\"x\");",
        ["System.Threading.Thread"] = "static void M() => System.Threading.Thread.Sleep(1);",
        ["System.Threading.ThreadPool"] = "static object M() => System.Threading.ThreadPool.QueueUserWorkItem(_ => { });",
        ["System.Threading.Timer"] = "static object M() => new System.Threading.Timer(_ => { });",
        ["System.Timers"] = "static object M() => new System.Timers.Timer();",
        ["dynamic"] = "static object M() { dynamic d = 1; return d; }",
        ["Microsoft.CSharp.RuntimeBinder"] = "static object M() => Microsoft.CSharp.RuntimeBinder.CSharpBinderFlags.None;",
        ["System.Runtime.CompilerServices.DynamicAttribute"] = "[return: System.Runtime.CompilerServices.Dynamic] static object M() => 1;",
        ["System.Runtime.CompilerServices.CallSite"] = "static object M(System.Runtime.CompilerServices.CallSite site) => site.Binder;",
        ["System.RuntimeTypeHandle"] = "static object M(RuntimeTypeHandle h) => h.Value;",
        ["System.RuntimeMethodHandle"] = "static object M(RuntimeMethodHandle h) => h.GetFunctionPointer();",
        ["System.RuntimeFieldHandle"] = "static object M(RuntimeFieldHandle h) => h.Value;",
        ["System.ModuleHandle"] = "static object M(ModuleHandle h) => h.MDStreamVersion;",
        ["System.ArgIterator"] = "static int M(ArgIterator a) => a.GetRemainingCount();",
        ["System.RuntimeArgumentHandle"] = "static object M() => typeof(RuntimeArgumentHandle).Name;",
        ["System.Threading.WaitHandle.Handle"] = "static object M(System.Threading.WaitHandle w) => w.Handle;",
        ["System.Threading.WaitHandle.SafeWaitHandle"] = "static object M(System.Threading.WaitHandle w) => w.SafeWaitHandle;",
        ["System.Threading.ThreadPoolBoundHandle"] = "static object M() => typeof(System.Threading.ThreadPoolBoundHandle).Name;",
        ["System.Threading.Overlapped"] = "static object M() => new System.Threading.Overlapped();",
        ["System.Threading.NativeOverlapped"] = "static object M() => new System.Threading.NativeOverlapped();",
        ["System.Threading.IOCompletionCallback"] = "static object M() => typeof(System.Threading.IOCompletionCallback).Name;",
        ["__arglist"] = "static int M(__arglist) => 0;",
        ["System.Text.Encoding.RegisterProvider"] = "static void M(System.Text.EncodingProvider p) => System.Text.Encoding.RegisterProvider(p);",
        ["System.Threading.Tasks.TaskScheduler.UnobservedTaskException"] = "static void M() => System.Threading.Tasks.TaskScheduler.UnobservedTaskException += (_, e) => e.SetObserved();",
        ["System.Globalization.CultureInfo.DefaultThreadCurrentCulture"] = "static void M() => System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;",
        ["System.Globalization.CultureInfo.DefaultThreadCurrentUICulture"] = "static void M() => System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;",
        ["System.TimeZoneInfo.ClearCachedData"] = "static void M() => TimeZoneInfo.ClearCachedData();",
        ["System.Text.RegularExpressions.Regex.CacheSize"] = "static void M() => System.Text.RegularExpressions.Regex.CacheSize = 0;",
        ["System.Threading.Mutex.OpenExisting"] = "static object M() => System.Threading.Mutex.OpenExisting(\"x\");",
        ["System.Threading.Mutex.TryOpenExisting"] = "static object M() => System.Threading.Mutex.TryOpenExisting(\"x\", out _);",
        ["System.Threading.Semaphore.OpenExisting"] = "static object M() => System.Threading.Semaphore.OpenExisting(\"x\");",
        ["System.Threading.Semaphore.TryOpenExisting"] = "static object M() => System.Threading.Semaphore.TryOpenExisting(\"x\", out _);",
        ["System.Threading.EventWaitHandle.OpenExisting"] = "static object M() => System.Threading.EventWaitHandle.OpenExisting(\"x\");",
        ["System.Threading.EventWaitHandle.TryOpenExisting"] = "static object M() => System.Threading.EventWaitHandle.TryOpenExisting(\"x\", out _);",
        ["System.Buffers.ArrayPool.Shared"] = "static object M() => System.Buffers.ArrayPool<byte>.Shared.Rent(16);",
        ["System.Buffers.MemoryPool.Shared"] = "static object M() => System.Buffers.MemoryPool<byte>.Shared.Rent(16);",
        ["System.Threading.ExecutionContext"] = "static object M() => System.Threading.ExecutionContext.SuppressFlow();",
        ["System.TimeProvider.CreateTimer"] = "static object M() => TimeProvider.System.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.Zero);",
        ["System.Threading.PeriodicTimer"] = "static object M() => new System.Threading.PeriodicTimer(TimeSpan.FromSeconds(1));",
        ["System.Threading.CancellationToken.Register"] = "static object M(CancellationToken ct) => ct.Register(() => { });",
        ["System.Threading.CancellationToken.UnsafeRegister"] = "static object M(CancellationToken ct) => ct.UnsafeRegister(_ => { }, null);",
        ["System.Runtime.CompilerServices.AsyncVoidMethodBuilder"] = "static object M() => System.Runtime.CompilerServices.AsyncVoidMethodBuilder.Create();",
        ["System.Object.Finalize"] = "public sealed class Nested { ~Nested() { } }",
        ["System.Runtime.CompilerServices.ModuleInitializerAttribute"] = "[System.Runtime.CompilerServices.ModuleInitializer] internal static void M() { }",
        ["System.Progress"] = "static object M() => new Progress<int>(_ => { });",
        ["System.Runtime.CompilerServices.IAsyncStateMachine"] = "public struct Machine : System.Runtime.CompilerServices.IAsyncStateMachine { public void MoveNext() => throw new InvalidOperationException(); public void SetStateMachine(System.Runtime.CompilerServices.IAsyncStateMachine m) { } }",
        ["System.Threading.SynchronizationContext"] = "static object? M() => System.Threading.SynchronizationContext.Current;",
        ["System.Text.RegularExpressions.GeneratedRegexAttribute"] = "[System.Text.RegularExpressions.GeneratedRegex(\"a\")] private static partial System.Text.RegularExpressions.Regex M();",
        ["System.Text.Json.Serialization.JsonSerializableAttribute"] = "[System.Text.Json.Serialization.JsonSerializable(typeof(int))] public sealed class Nested { }",
        ["System.Runtime.CompilerServices.MethodImplOptions.InternalCall"] = "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)] static extern void M();",
        ["System.Runtime.CompilerServices.MethodImplOptions.Unmanaged"] = "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Unmanaged)] static void M() { }",
        ["System.Runtime.CompilerServices.MethodImplOptions.ForwardRef"] = "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.ForwardRef)] static void M() { }",
    };

    /// <summary>A member using each allowed target; it must compile clean.</summary>
    private static readonly Dictionary<string, string> AllowedSamples = new(StringComparer.Ordinal)
    {
        ["System"] = "static object M() => Math.Max(1, 2) + DateTime.UtcNow.Year + Guid.NewGuid().ToString().Length + new Uri(\"https://a.b\").Host;",
        ["System.Collections"] = "static object M() => new System.Collections.Generic.Dictionary<string, int> { [\"a\"] = 1 }.Count + new System.Collections.Concurrent.ConcurrentQueue<int>().Count + System.Collections.Immutable.ImmutableArray.Create(1).Length;",
        ["System.Linq"] = "static object M() => System.Linq.Enumerable.Range(0, 3).Where(i => i > 0).Sum();",
        ["System.Text"] = "static object M() => new System.Text.StringBuilder().Append(System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"a\")).Append(System.Text.Json.JsonSerializer.Serialize(new[] { 1 })).Append(System.Text.Json.Nodes.JsonNode.Parse(\"{}\")).ToString();",
        ["System.Threading"] = "static async System.Threading.Tasks.Task<int> M(System.Threading.CancellationToken ct) { await System.Threading.Tasks.Task.Delay(1, ct); using var gate = new System.Threading.SemaphoreSlim(1); return await System.Threading.Tasks.Task.Run(() => 1, ct); }",
        ["System.Globalization"] = "static object M() => System.Globalization.CultureInfo.InvariantCulture.Name;",
        ["System.Numerics"] = "static object M() => System.Numerics.BigInteger.Pow(2, 100).ToString();",
        ["System.Buffers"] = "static object M() => System.Buffers.ArrayPool<byte>.Create().Rent(16).Length;",
        ["System.Diagnostics.CodeAnalysis"] = "static bool M([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s) => s is not null;",
        ["System.ComponentModel.DataAnnotations"] = "[System.ComponentModel.DataAnnotations.Range(1, 10)] public static int P { get; set; }",
        ["System.ComponentModel.DescriptionAttribute"] = "[System.ComponentModel.Description(\"x\")] public static int P { get; set; }",
        ["System.Runtime.CompilerServices"] = "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] static int M() => 1;",
        ["Agent42.Sdk"] = "static object M() => Agent42.Sdk.ToolResult.Ok(\"x\");",
        ["System.Security.Cryptography.SHA256"] = "static object M() => System.Security.Cryptography.SHA256.HashData(new byte[] { 1 });",
        ["System.Security.Cryptography.SHA512"] = "static object M() => System.Security.Cryptography.SHA512.HashData(new byte[] { 1 });",
        ["System.Security.Cryptography.SHA1"] = "static object M() => System.Security.Cryptography.SHA1.HashData(new byte[] { 1 });",
        ["System.Security.Cryptography.MD5"] = "static object M() => System.Security.Cryptography.MD5.HashData(new byte[] { 1 });",
        ["System.Security.Cryptography.HMACSHA256"] = "static object M() => System.Security.Cryptography.HMACSHA256.HashData(new byte[] { 1 }, new byte[] { 2 });",
        ["System.Security.Cryptography.HashAlgorithm"] = "static byte[] M(System.Security.Cryptography.HashAlgorithm h) => h.ComputeHash(new byte[] { 1 });",
        ["System.Security.Cryptography.IncrementalHash"] = "static object M() => System.Security.Cryptography.IncrementalHash.CreateHash(default);",
        ["System.Security.Cryptography.HashAlgorithmName"] = "static object? M() => System.Security.Cryptography.HashAlgorithmName.SHA256.Name;",
        ["System.Security.Cryptography.RandomNumberGenerator"] = "static object M() => System.Security.Cryptography.RandomNumberGenerator.GetInt32(10);",
        ["System.IO.StringReader"] = "static object M() => new System.IO.StringReader(\"a\").ReadToEnd();",
        ["System.IO.StringWriter"] = "static object? M() => new System.IO.StringWriter().ToString();",
        ["System.IO.TextReader"] = "static string M(System.IO.TextReader r) => r.ReadToEnd();",
        ["System.IO.TextWriter"] = "static void M(System.IO.TextWriter w) => w.Write(\"x\");",
        ["System.IO.MemoryStream"] = "static object M() => new System.IO.MemoryStream().Length;",
        ["System.IO.Stream"] = "static long M(System.IO.Stream s) => s.Length;",
        ["System.IO.SeekOrigin"] = "static object M() => System.IO.SeekOrigin.Begin;",
        ["System.IO.IOException"] = "static object M() => new System.IO.IOException(\"x\");",
        ["System.IO.Path"] = "static object M() => System.IO.Path.Combine(\"a\", \"b\") + System.IO.Path.GetExtension(\"x.cs\") + System.IO.Path.GetFileName(\"a/b\");",
        ["System.Net.WebUtility"] = "static object M() => System.Net.WebUtility.UrlEncode(\"a b\");",
        ["System.Diagnostics.Stopwatch"] = "static object M() => System.Diagnostics.Stopwatch.StartNew().Elapsed;",
        ["System.Diagnostics.ConditionalAttribute"] = "[System.Diagnostics.Conditional(\"DEBUG\")] static void M() { }",
        ["System.Diagnostics.DebuggableAttribute"] = "static object M() => System.Diagnostics.DebuggableAttribute.DebuggingModes.Default;",
        ["System.Diagnostics.DebuggerHiddenAttribute"] = "[System.Diagnostics.DebuggerHidden] static void M() { }",
        ["System.Diagnostics.DebuggerBrowsableAttribute"] = "[System.Diagnostics.DebuggerBrowsable(default)] static int F;",
        ["System.Diagnostics.DebuggerBrowsableState"] = "static object M() => System.Diagnostics.DebuggerBrowsableState.Never;",
        ["System.Diagnostics.DebuggerDisplayAttribute"] = "[System.Diagnostics.DebuggerDisplay(\"x\")] public sealed class Nested { }",
        ["System.Diagnostics.DebuggerStepThroughAttribute"] = "[System.Diagnostics.DebuggerStepThrough] static void M() { }",
        ["System.Diagnostics.DebuggerNonUserCodeAttribute"] = "[System.Diagnostics.DebuggerNonUserCode] static void M() { }",
        ["System.Reflection.DefaultMemberAttribute"] = "[System.Reflection.DefaultMember(\"Item\")] public sealed class Nested { }",
        ["System.Reflection.MemberInfo.Name"] = "static object M() => typeof(string).Name;",
        ["System.Type.GetTypeFromHandle"] = "static object M() => typeof(string);",
        ["System.Type.op_Equality"] = "static object M() => typeof(string) == typeof(int);",
        ["System.Type.op_Inequality"] = "static object M() => typeof(string) != typeof(int);",
        ["System.Type.Equals"] = "static object M() => typeof(string).Equals(typeof(int));",
        ["System.Type.FullName"] = "static object? M() => typeof(string).FullName;",
        ["System.Type.Namespace"] = "static object? M() => typeof(string).Namespace;",
        ["System.Type.IsAssignableFrom"] = "static object M() => typeof(object).IsAssignableFrom(typeof(string));",
        ["System.Type.IsAssignableTo"] = "static object M() => typeof(string).IsAssignableTo(typeof(object));",
        ["System.Type.IsInstanceOfType"] = "static object M() => typeof(string).IsInstanceOfType(\"x\");",
        ["System.Type.IsEnum"] = "static object M() => typeof(string).IsEnum;",
        ["System.Type.IsValueType"] = "static object M() => typeof(string).IsValueType;",
        ["System.Type.IsGenericType"] = "static object M() => typeof(string).IsGenericType;",
        ["System.Type.GetGenericArguments"] = "static object M() => typeof(List<int>).GetGenericArguments();",
        ["System.Environment.NewLine"] = "static object M() => Environment.NewLine;",
        ["System.Environment.TickCount"] = "static object M() => Environment.TickCount;",
        ["System.Environment.TickCount64"] = "static object M() => Environment.TickCount64;",
        ["System.Environment.ProcessorCount"] = "static object M() => Environment.ProcessorCount;",
        ["System.Diagnostics.UnreachableException"] = "static object M() => throw new System.Diagnostics.UnreachableException();",
        ["System.Security.Cryptography.SHA384"] = "static object M() => System.Security.Cryptography.SHA384.HashData(new byte[] { 1 });",
        ["System.Security.Cryptography.SHA3_256"] = "static object M() => System.Security.Cryptography.SHA3_256.IsSupported;",
        ["System.Security.Cryptography.SHA3_384"] = "static object M() => System.Security.Cryptography.SHA3_384.IsSupported;",
        ["System.Security.Cryptography.SHA3_512"] = "static object M() => System.Security.Cryptography.SHA3_512.IsSupported;",
        ["System.Security.Cryptography.HMACSHA1"] = "static object M() => System.Security.Cryptography.HMACSHA1.HashData(new byte[] { 1 }, new byte[] { 2 });",
        ["System.Security.Cryptography.HMACSHA384"] = "static object M() => System.Security.Cryptography.HMACSHA384.HashData(new byte[] { 1 }, new byte[] { 2 });",
        ["System.Security.Cryptography.HMACSHA512"] = "static object M() => System.Security.Cryptography.HMACSHA512.HashData(new byte[] { 1 }, new byte[] { 2 });",
        ["System.Security.Cryptography.HMACMD5"] = "static object M() => System.Security.Cryptography.HMACMD5.HashData(new byte[] { 1 }, new byte[] { 2 });",
        ["System.Security.Cryptography.HMAC"] = "static object M(System.Security.Cryptography.HMAC h) => h.Key;",
        ["System.Security.Cryptography.KeyedHashAlgorithm"] = "static object M(System.Security.Cryptography.KeyedHashAlgorithm h) => h.Key;",
        ["System.Security.Cryptography.CryptographicOperations"] = "static object M() => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(new byte[] { 1 }, new byte[] { 1 });",
        ["System.Security.Cryptography.CryptographicException"] = "static object M() => new System.Security.Cryptography.CryptographicException(\"x\");",
        ["System.IO.StreamReader"] = "static object M() => new System.IO.StreamReader(new System.IO.MemoryStream()).ReadToEnd();",
        ["System.IO.StreamWriter"] = "static void M() { using var w = new System.IO.StreamWriter(new System.IO.MemoryStream()); w.Write(\"x\"); }",
        ["System.IO.BinaryReader"] = "static object M() => new System.IO.BinaryReader(new System.IO.MemoryStream(new byte[4])).ReadInt32();",
        ["System.IO.BinaryWriter"] = "static void M() { using var w = new System.IO.BinaryWriter(new System.IO.MemoryStream()); w.Write(1); }",
        ["System.Enum.GetValues"] = "static object M() => Enum.GetValues(typeof(DayOfWeek));",
        ["System.Enum.GetNames"] = "static object M() => Enum.GetNames(typeof(DayOfWeek));",
        ["System.Enum.GetName"] = "static object? M() => Enum.GetName(typeof(DayOfWeek), 1);",
        ["System.Enum.Parse"] = "static object M() => Enum.Parse(typeof(DayOfWeek), \"Monday\");",
        ["System.Enum.TryParse"] = "static object M() => Enum.TryParse(typeof(DayOfWeek), \"Monday\", out _);",
        ["System.Enum.IsDefined"] = "static object M() => Enum.IsDefined(typeof(DayOfWeek), 1);",
        ["System.Enum.ToObject"] = "static object M() => Enum.ToObject(typeof(DayOfWeek), 1);",
        ["System.Enum.GetUnderlyingType"] = "static object M() => Enum.GetUnderlyingType(typeof(DayOfWeek)).Name;",
        ["System.Nullable.GetUnderlyingType"] = "static object? M() => Nullable.GetUnderlyingType(typeof(int?))?.Name;",
        ["System.Text.Json.Serialization.JsonConverter.CanConvert"] = "public sealed class Conv : System.Text.Json.Serialization.JsonConverter<int> { public override bool CanConvert(Type t) => base.CanConvert(t); public override int Read(ref System.Text.Json.Utf8JsonReader r, Type t, System.Text.Json.JsonSerializerOptions o) => r.GetInt32(); public override void Write(System.Text.Json.Utf8JsonWriter w, int v, System.Text.Json.JsonSerializerOptions o) => w.WriteNumberValue(v); }",
        ["System.Convert.ChangeType"] = "static object M() => Convert.ChangeType(\"1\", typeof(int));",
        ["System.Runtime.ExceptionServices.ExceptionDispatchInfo"] = "static void M(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();",
    };

    /// <summary>Ordinary code for which the compiler emits each helper the scan accepts.</summary>
    private static readonly Dictionary<string, string> CompilerEmittedSamples = new(StringComparer.Ordinal)
    {
        ["System.Runtime.CompilerServices.Unsafe.As"] = "static int M(int a) { Span<int> s = [a, a, a]; return s.Length; }",
        ["System.Runtime.CompilerServices.Unsafe.Add"] = "static int M(int a) { Span<int> s = [a, a, a]; return s.Length; }",
        ["System.Runtime.CompilerServices.Unsafe.AsRef"] = "static int M(string a) { ReadOnlySpan<string> s = [a, a]; return s.Length; }",
        ["System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray"] = "static int[] M() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];",
        ["System.Runtime.CompilerServices.RuntimeHelpers.CreateSpan"] = "static int M() { ReadOnlySpan<int> c = [1, 2, 3]; return c[0]; }",
        ["System.Runtime.CompilerServices.RuntimeHelpers.GetSubArray"] = "static int[] M(int[] a) => a[1..3];",
        ["System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"] = "public sealed record Nested(int A);",
        ["System.Runtime.InteropServices.MemoryMarshal.CreateSpan"] = "static int M(int a) { Span<int> s = [a, a, a]; return s.Length; }",
        ["System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan"] = "static int M(string a) { ReadOnlySpan<string> s = [a, a]; return s.Length; }",
        ["System.Runtime.InteropServices.CollectionsMarshal.AsSpan"] = "static List<int> M(int[] a, int b) => [.. a, b];",
        ["System.Runtime.InteropServices.CollectionsMarshal.SetCount"] = "static List<int> M(int[] a, int b) => [.. a, b];",
        ["System.Runtime.InteropServices.InAttribute"] = "public abstract class Base { public abstract int V(in int x); }",
        ["System.Runtime.InteropServices.UnmanagedType"] = "static void M<T>(T value) where T : unmanaged { }",
        ["System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray"] = "static System.Collections.Immutable.ImmutableArray<int> M(int a) => [a, a];",
        ["System.Environment.CurrentManagedThreadId"] = "static IEnumerable<int> M() { yield return 1; }",
        ["System.Activator.CreateInstance"] = "static T M<T>() where T : new() => new T();",
        ["System.RuntimeTypeHandle"] = "static object M() => typeof(string);",
        ["System.RuntimeFieldHandle"] = "static int[] M() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];",
        ["System.Runtime.CompilerServices.IAsyncStateMachine"] = "static async Task<int> M() { await Task.Yield(); return 1; }",
        ["System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore.OnCompleted"] = "static async IAsyncEnumerable<int> M() { await Task.Yield(); yield return 1; }",
    };

    /// <summary>The line a sample lands on: after the usings, the class and its brace.</summary>
    private const int SampleLine = 11;

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> DeniedRules() =>
        ApiPolicyRules.All.Where(r => !r.IsAllowed).Select(r => new TestCaseData(r.Target).SetArgDisplayNames(r.Target));

    public static IEnumerable<TestCaseData> AllowedRules() =>
        ApiPolicyRules.All.Where(r => r.IsAllowed).Select(r => new TestCaseData(r.Target).SetArgDisplayNames(r.Target));

    public static IEnumerable<TestCaseData> CompilerEmitted() =>
        ApiPolicyRules.CompilerEmitted.Select(t => new TestCaseData(t).SetArgDisplayNames(t));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(DeniedRules))]
    public void DeniedRule_UsedInToolCode_IsRefusedWithItsCode(string target)
    {
        var rule = ApiPolicyRules.All.Single(r => r.Target == target);
        Assert.That(DeniedSamples.TryGetValue(rule.Target, out var sample), Is.True, $"no sample for denied rule {rule.Target}");

        var build = Compile(sample!);

        Assert.That(build.Succeeded, Is.False);
        Assert.That(build.Diagnostics, Has.Some.Matches<PluginDiagnostic>(d =>
            d.Code == rule.Concern!.Code && d.IsError && d.Line == SampleLine && d.Message.Contains(" is not allowed in tools: " + rule.Concern.Why, StringComparison.Ordinal)),
            () => string.Join("\n", build.Diagnostics));
    }

    [TestCaseSource(nameof(AllowedRules))]
    public void AllowedRule_UsedInToolCode_CompilesClean(string target)
    {
        var rule = ApiPolicyRules.All.Single(r => r.Target == target);
        Assert.That(AllowedSamples.TryGetValue(rule.Target, out var sample), Is.True, $"no sample for allowed rule {rule.Target}");

        var build = Compile(sample!);

        Assert.That(build.Diagnostics.Where(d => d.IsError), Is.Empty);
    }

    [TestCaseSource(nameof(CompilerEmitted))]
    public void CompilerEmittedHelper_FromOrdinaryCode_IsEmittedAndAccepted(string target)
    {
        Assert.That(CompilerEmittedSamples.TryGetValue(target, out var sample), Is.True, $"no sample for compiler-emitted {target}");

        var build = Compile(sample!);

        Assert.That(build.Diagnostics.Where(d => d.IsError), Is.Empty);
        Assert.That(ReferencedNames(build.Image), Does.Contain(target));
    }

    [TestCaseSource(nameof(CompilerEmitted))]
    public void CompilerEmittedHelper_WrittenInSource_IsStillRefused(string target)
    {
        var build = Compile($"static object M() => nameof({target});");

        Assert.That(build.Succeeded, Is.False, () => string.Join("\n", build.Diagnostics));
    }

    [Test]
    public void Samples_CoverEveryRuleAndNothingElse()
    {
        var denied = ApiPolicyRules.All.Where(r => !r.IsAllowed).Select(r => r.Target);
        var allowed = ApiPolicyRules.All.Where(r => r.IsAllowed).Select(r => r.Target);

        Assert.That(DeniedSamples.Keys, Is.EquivalentTo(denied));
        Assert.That(AllowedSamples.Keys, Is.EquivalentTo(allowed));
        Assert.That(CompilerEmittedSamples.Keys, Is.EquivalentTo(ApiPolicyRules.CompilerEmitted));
    }

    [Test]
    public void Rules_EveryDeniedConcernHasAnA42CodeAndAdvice()
    {
        var concerns = ApiPolicyRules.All.Select(r => r.Concern).OfType<ApiConcern>().Append(ApiPolicyRules.NotAllowed).Distinct().ToList();

        Assert.That(concerns.Select(c => c.Code), Is.Unique.And.All.Match("^A420[0-9][0-9]$"));
        Assert.That(concerns, Has.All.Matches<ApiConcern>(c => c.Why.Length > 0 && c.Instead.Length > 0));
    }

    [Test]
    public void TriggerNames_AreTheTypesBehindCompilerEmittedHelpersAndDynamic()
    {
        Assert.That(ApiPolicy.Default.TriggerNames, Is.EquivalentTo(new[]
        {
            "dynamic", "Unsafe", "RuntimeHelpers", "MemoryMarshal", "CollectionsMarshal", "InAttribute", "In", "UnmanagedType",
            "ImmutableCollectionsMarshal", "Environment", "Activator", "RuntimeTypeHandle", "RuntimeFieldHandle", "ManualResetValueTaskSourceCore", "IAsyncStateMachine",
        }));
    }

    [Test]
    public void UnlistedApi_IsRefusedAsNotOnTheAllowList()
    {
        var build = Compile("static object M() => System.Web.HttpUtility.UrlEncode(\"x\");");

        Assert.That(build.Diagnostics, Has.Some.Matches<PluginDiagnostic>(d => d.Code == ApiPolicyRules.NotAllowed.Code || d.Code == "CS0234"));
    }

    private PluginBuild Compile(string member) =>
        _harness.Compile($"probe_{Guid.NewGuid():N}.cs", PluginHarness.Usings + "public static class Probe\n{\n    " + member + "\n}\n");

    /// <summary>Every type and member the image references, as dotted names.</summary>
    private static HashSet<string> ReferencedNames(ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            names.Add(TypeName(reader, handle));
        }

        foreach (var handle in reader.MemberReferences)
        {
            var reference = reader.GetMemberReference(handle);
            if (reference.Parent.Kind == HandleKind.TypeSpecification && ApiMetadataScanner.ParentType(reader, reference.Parent) is { } generic)
            {
                names.Add(ApiName.StripArity(TypeName(reader, generic)) + "." + reader.GetString(reference.Name));
            }

            if (reference.Parent.Kind == HandleKind.TypeReference)
            {
                names.Add(TypeName(reader, (TypeReferenceHandle)reference.Parent) + "." + reader.GetString(reference.Name));
                names.Add(TypeName(reader, (TypeReferenceHandle)reference.Parent) + "." + ApiName.StripAccessor(reader.GetString(reference.Name)));
            }
        }

        return names;
    }

    private static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
    }
}
