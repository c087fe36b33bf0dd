namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>One small piece of ordinary C# per language feature; each must compile through the policy.</summary>
internal static class ConstructSamples
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["iterator"] = """
            public static class Iterators
            {
                public static IEnumerable<int> Evens(int n) { for (var i = 0; i < n; i++) { if (i % 2 == 0) yield return i; } }
                public static IEnumerable<string> Words { get { yield return "a"; yield break; } }
                public static IEnumerator<int> Enumerator() { yield return 1; }
                public static IEnumerable NonGeneric() { yield return "x"; }
                public static int Sum() => Evens(10).Sum() + Words.Count();
            }
            """,
        ["async iterator and await foreach"] = """
            public static class AsyncStreams
            {
                public static async IAsyncEnumerable<int> Count(int n, [EnumeratorCancellation] CancellationToken ct = default)
                {
                    for (var i = 0; i < n; i++) { await Task.Yield(); yield return i; }
                }
                public static async Task<int> Sum(CancellationToken ct)
                {
                    var total = 0;
                    await foreach (var i in Count(3).WithCancellation(ct).ConfigureAwait(false)) total += i;
                    await foreach (var j in Count(2, ct)) total += j;
                    return total;
                }
            }
            """,
        ["await using and IAsyncDisposable"] = """
            public sealed class Resource : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => ValueTask.CompletedTask;
                public static async Task<int> Use()
                {
                    await using var r = new Resource();
                    await using (var s = new Resource()) { await Task.Yield(); }
                    return 1;
                }
            }
            """,
        ["await in catch and finally"] = """
            public static class AwaitInHandlers
            {
                public static async Task<string> Run(Func<Task> work)
                {
                    try { await work(); return "ok"; }
                    catch (InvalidOperationException e) when (e.Message.Length > 0) { await Task.Yield(); return e.Message; }
                    catch (Exception) { await Task.Delay(0); throw; }
                    finally { await Task.Yield(); }
                }
            }
            """,
        ["async and await basics"] = """
            public static class AsyncBasics
            {
                public static async ValueTask<int> V() { await Task.Yield(); return 1; }
                public static async Task<int[]> All(CancellationToken ct) => await Task.WhenAll(Task.Run(() => 1, ct), Task.FromResult(2));
                public static async Task Delay(CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); await V(); }
                public static Task<int> Lambda() { Func<Task<int>> f = async () => { await Task.Yield(); return 3; }; return f(); }
                public static async Task<int> WithTimeout(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    return await Task.FromResult(1).WaitAsync(TimeSpan.FromSeconds(1), cts.Token);
                }
            }
            """,
        ["collection expressions into immutable and interface types"] = """
            public static class Collections
            {
                public static ImmutableArray<int> A(int x) => [1, 2, x];
                public static ImmutableArray<string> Empty() => [];
                public static ImmutableList<int> L(int[] xs) => [.. xs, 4];
                public static ImmutableHashSet<int> H() => [1, 2];
                public static IEnumerable<int> E(int x) => [x, x];
                public static IReadOnlyList<int> R(int x) => [x];
                public static IReadOnlyCollection<int> C(int x, int y) => [x, y, .. A(x)];
                public static ICollection<int> M(int x) => [x];
                public static List<int> Li(IEnumerable<int> xs) => [.. xs];
                public static HashSet<string> S() => ["a", "b"];
                public static Span<int> Sp(int x) { Span<int> s = [x, x, x, x]; return s.ToArray(); }
                public static ReadOnlySpan<char> Rs() => ['a', 'b'];
                public static int[][] Jag() => [[1], [2, 3]];
                public static Dictionary<string, int> D() => new() { ["a"] = 1 };
            }
            """,
        ["new T() and generic constraints"] = """
            public static class Generics
            {
                public static T Make<T>() where T : new() => new T();
                public static List<T> Many<T>(int n) where T : class, new() => Enumerable.Range(0, n).Select(_ => new T()).ToList();
                public static T Pick<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;
                public static int Size<T>() where T : unmanaged => default(T).GetHashCode();
                public static string N<T>(T value) where T : notnull => value.ToString() ?? "";
                public static int RefLike<T>(T value) where T : allows ref struct => 1;
            }
            """,
        ["streams over memory"] = """
            public static class Streams
            {
                public static string RoundTrip(string text)
                {
                    using var memory = new MemoryStream();
                    using (var writer = new StreamWriter(memory, Encoding.UTF8, leaveOpen: true)) { writer.Write(text); writer.WriteLine(); }
                    memory.Position = 0;
                    using var reader = new StreamReader(memory, Encoding.UTF8);
                    return reader.ReadToEnd();
                }
                public static async Task<string> Async(string text)
                {
                    await using var memory = new MemoryStream(Encoding.UTF8.GetBytes(text));
                    using var reader = new StreamReader(memory);
                    return await reader.ReadToEndAsync();
                }
                public static byte[] Binary(int x)
                {
                    using var memory = new MemoryStream();
                    using var writer = new BinaryWriter(memory);
                    writer.Write(x);
                    memory.Position = 0;
                    using var reader = new BinaryReader(memory);
                    return BitConverter.GetBytes(reader.ReadInt32());
                }
            }
            """,
        ["hashing family"] = """
            public static class Hashing
            {
                public static string All(byte[] data, byte[] key)
                {
                    var parts = new List<byte[]>
                    {
                        SHA1.HashData(data), SHA256.HashData(data), SHA384.HashData(data), SHA512.HashData(data), MD5.HashData(data),
                        HMACSHA1.HashData(key, data), HMACSHA256.HashData(key, data), HMACSHA384.HashData(key, data), HMACSHA512.HashData(key, data), HMACMD5.HashData(key, data),
                    };
                    using var hmac = new HMACSHA256(key);
                    parts.Add(hmac.ComputeHash(data));
                    using var sha = SHA384.Create();
                    parts.Add(sha.ComputeHash(data));
                    using var incremental = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA384, key);
                    incremental.AppendData(data);
                    parts.Add(incremental.GetHashAndReset());
                    var same = CryptographicOperations.FixedTimeEquals(parts[0], parts[0]);
                    CryptographicOperations.ZeroMemory(key);
                    return Convert.ToHexString(parts.SelectMany(p => p).ToArray()) + same + RandomNumberGenerator.GetHexString(4);
                }
                public static bool Sha3() => SHA3_256.IsSupported && SHA3_256.HashData([1]).Length == 32;
                public static string Fail() { try { return ""; } catch (CryptographicException e) { return e.Message; } }
            }
            """,
        ["pattern matching, every form"] = """
            public sealed record Point(int X, int Y);
            public static class Patterns
            {
                public static string Describe(object? o) => o switch
                {
                    null => "null",
                    int and (> 0 and < 10) => "small",
                    int i when i < 0 => "negative",
                    not string and long => "long",
                    string { Length: 0 } => "empty",
                    string s => s,
                    Point(0, 0) => "origin",
                    Point { X: var x, Y: > 5 } => "high " + x,
                    Point(var x, _) p when p.Y == x => "diagonal",
                    int[] and [1, .. var rest, 9] => "list " + rest.Length,
                    int[] and [] => "empty list",
                    List<int> and [_, _] => "pair",
                    (int a, int b) => "tuple " + (a + b),
                    ValueTuple<string, int> { Item1.Length: > 3 } => "extended",
                    Exception { InnerException: not null } => "wrapped",
                    char c and (>= 'a' and <= 'z' or >= 'A' and <= 'Z') => "letter",
                    var other => other.ToString() ?? "",
                };
                public static bool Is(object o) => o is string { Length: > 2 } s && s[0] == 'a' || o is int and 3;
                public static string Span(ReadOnlySpan<char> s) => s switch { "a" => "A", [.., 'z'] => "ends z", _ => "" };
            }
            """,
        ["records and record structs"] = """
            public abstract record Shape(string Name) { public abstract double Area { get; } }
            public sealed record Square(double Side) : Shape("square") { public override double Area => Side * Side; }
            public record class Person(string First, string Last) { public string Full => $"{First} {Last}"; }
            public readonly record struct Money(decimal Amount, string Currency);
            public record struct Mutable(int A) { public int B { get; set; } }
            public static class Records
            {
                public static string Use()
                {
                    var p = new Person("a", "b");
                    var q = p with { Last = "c" };
                    var (first, last) = q;
                    var m = new Money(1, "EUR");
                    var n = m with { Amount = 2 };
                    var h = new HashSet<Person> { p, q };
                    return $"{p} {q == p} {first}{last} {m.Bigger(n)} {h.Count} {new Square(2).Area} {new Mutable(1) { B = 2 }}";
                }
            }
            public static class MoneyExtensions { public static bool Bigger(this Money a, Money b) => a.Amount > b.Amount; }
            public readonly partial record struct Comparable(int V) : IComparable<Comparable>
            {
                public int CompareTo(Comparable other) => V.CompareTo(other.V);
                public static bool operator <(Comparable a, Comparable b) => a.CompareTo(b) < 0;
                public static bool operator >(Comparable a, Comparable b) => a.CompareTo(b) > 0;
            }
            """,
        ["primary constructors"] = """
            public sealed class Counter(int start, string name)
            {
                private int _value = start;
                public string Name => name;
                public int Next() => ++_value + start;
            }
            public struct Pair(int a, int b) { public readonly int Sum => a + b; }
            public class Base(string n) { public string N { get; } = n; }
            public sealed class Derived(string n, int k) : Base(n) { public int K => k; }
            """,
        ["required and init members"] = """
            public sealed class Options
            {
                public required string Name { get; init; }
                public int Size { get; init; } = 4;
                public required int Count;
                [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                public Options(string name) { Name = name; Count = 1; }
                public Options() { }
                public static Options Make() => new() { Name = "x", Count = 2, Size = 3 };
            }
            """,
        ["ranges and indices"] = """
            public static class Ranges
            {
                public static string Use(int[] a, string s, List<int> l)
                {
                    var last = a[^1];
                    var mid = a[1..^1];
                    var head = s[..2];
                    var tail = s[^2..];
                    Range r = 1..3;
                    Index i = ^2;
                    var span = a.AsSpan()[r];
                    return $"{last}{mid.Length}{head}{tail}{span.Length}{a[i]}{l[^1]}";
                }
            }
            """,
        ["tuples and deconstruction"] = """
            public sealed class Node(int v) { public void Deconstruct(out int value, out bool even) { value = v; even = v % 2 == 0; } }
            public static class Tuples
            {
                public static (int Min, int Max) MinMax(int[] a) => (a.Min(), a.Max());
                public static int Use(int[] a)
                {
                    var (min, max) = MinMax(a);
                    (int x, string y) t = (1, "a");
                    var (v, even) = new Node(3);
                    (min, max) = (max, min);
                    var d = new Dictionary<string, int> { ["a"] = 1 };
                    foreach (var (key, value) in d) { x(key, value); }
                    return min + max + t.x + t.y.Length + v + (even ? 1 : 0) + (t == (1, "a") ? 1 : 0);
                    static void x(string k, int v) { }
                }
            }
            """,
        ["interpolated, raw and UTF-8 strings"] = """"
            public static class Strings
            {
                public static string Use(int n, double d)
                {
                    var a = $"n={n,5} d={d:F2} {(n > 0 ? "pos" : "neg")}";
                    var raw = """
                        {"a": 1, "b": "two"}
                        """;
                    var interpolatedRaw = $$"""{"n": {{n}}}""";
                    ReadOnlySpan<byte> utf8 = "héllo"u8;
                    var verbatim = @"c:\x" + $@"\{n}";
                    FormattableString f = $"{n}";
                    var sb = new StringBuilder();
                    sb.Append($"{n}:{d}");
                    return a + raw + interpolatedRaw + utf8.Length + verbatim + f.Format + sb + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d}");
                }
            }
            """",
        ["custom interpolated string handler"] = """
            [InterpolatedStringHandler]
            public ref struct Collector
            {
                private StringBuilder _b;
                public Collector(int literalLength, int formattedCount) { _b = new StringBuilder(literalLength); }
                public void AppendLiteral(string s) => _b.Append(s);
                public void AppendFormatted<T>(T value) => _b.Append(value);
                public override string ToString() => _b.ToString();
            }
            public static class Handlers
            {
                public static string Log(ref Collector c) => c.ToString();
                public static string Use(int n) { Collector c = $"n={n}"; return Log(ref c); }
                public static string Caller([CallerMemberName] string member = "", [CallerArgumentExpression(nameof(member))] string expression = "", [CallerLineNumber] int line = 0) => member + expression + line;
            }
            """,
        ["local functions"] = """
            public static class Locals
            {
                public static int Use(int n)
                {
                    var k = 2;
                    int Capture(int x) => x * k;
                    static int Pure(int x) => x + 1;
                    IEnumerable<int> Iterate() { for (var i = 0; i < n; i++) yield return Capture(i); }
                    async Task<int> Later() { await Task.Yield(); return Pure(n); }
                    return Iterate().Sum() + Later().GetAwaiter().GetResult() + Fib(n);
                    static int Fib(int m) => m < 2 ? m : Fib(m - 1) + Fib(m - 2);
                }
            }
            """,
        ["lambdas with attributes, natural types and defaults"] = """
            public static class Lambdas
            {
                public static object Use()
                {
                    var f = (int x) => x + 1;
                    var g = [Description("attr")] (string s) => s.Length;
                    var h = (int x = 3) => x * 2;
                    var p = (params int[] xs) => xs.Length;
                    var r = int (bool b) => b ? 1 : 0;
                    var st = static (int a, int b) => a + b;
                    Func<int, Func<int, int>> curry = a => b => a + b;
                    var m = string.IsNullOrEmpty;
                    var discard = (int _, int _) => 0;
                    Action<string> log = _ => { };
                    return f(1) + g("ab") + h() + p(1, 2) + r(true) + st(1, 2) + curry(1)(2) + (m("") ? 1 : 0) + discard(1, 2);
                }
            }
            """,
        ["LINQ query syntax"] = """
            public static class Queries
            {
                public static List<string> Use(string[] words, int[] numbers)
                {
                    var q = from w in words
                            let l = w.Length
                            where l > 1
                            join n in numbers on l equals n
                            orderby w descending, l
                            group w by l into g
                            select $"{g.Key}:{string.Join(",", g)}";
                    var pairs = from a in numbers from b in numbers where a < b select (a, b);
                    return q.Concat(pairs.Select(p => p.ToString())).ToList();
                }
            }
            """,
        ["generic math and static abstract members"] = """
            public interface IShape<TSelf> where TSelf : IShape<TSelf> { static abstract TSelf Unit { get; } static virtual string Kind => "shape"; }
            public readonly struct Cube : IShape<Cube> { public static Cube Unit => new(); }
            public static class GenericMath
            {
                public static T Sum<T>(IEnumerable<T> xs) where T : INumber<T> { var s = T.Zero; foreach (var x in xs) s += x; return s; }
                public static T Clamp01<T>(T x) where T : IFloatingPoint<T> => T.Clamp(x, T.Zero, T.One);
                public static string K<T>() where T : IShape<T> => T.Kind + T.Unit;
                public static object Use() => Sum([1, 2, 3]) + Sum([1.5, 2.5]) + Clamp01(2.0) + K<Cube>() + BigInteger.One + Int128.MaxValue.ToString() + Half.One;
            }
            """,
        ["checked arithmetic and checked operators"] = """
            public readonly struct Meters(int v)
            {
                public int V => v;
                public static Meters operator +(Meters a, Meters b) => new(a.V + b.V);
                public static Meters operator checked +(Meters a, Meters b) => new(checked(a.V + b.V));
                public static explicit operator int(Meters m) => m.V;
                public static explicit operator checked int(Meters m) => checked(m.V * 1);
            }
            public static class Checked
            {
                public static int Use(int a, long b)
                {
                    var x = checked(a + 1);
                    var y = unchecked((int)b);
                    checked { x *= 2; }
                    var m = checked(new Meters(1) + new Meters(2));
                    try { return checked((int)(b * 2)) + x + y + (int)m; } catch (OverflowException) { return -1; }
                }
            }
            """,
        ["ref locals, ref returns, stackalloc into Span"] = """
            public ref struct Window
            {
                private ref int _first;
                public Window(ref int first) { _first = ref first; }
                public ref int First => ref _first;
            }
            public static class Refs
            {
                public static ref int Largest(int[] a) { var i = Array.IndexOf(a, a.Max()); return ref a[i]; }
                public static int Use(int[] a, scoped ReadOnlySpan<int> input)
                {
                    ref var big = ref Largest(a);
                    big = 0;
                    ref readonly var first = ref a[0];
                    Span<int> buffer = stackalloc int[8];
                    Span<byte> init = stackalloc byte[] { 1, 2, 3 };
                    buffer.Fill(first);
                    var w = new Window(ref a[0]);
                    w.First = 3;
                    return buffer[0] + init[2] + input.Length + Sum(in a[0]) + Ro(ref a[0]);
                }
                public static int Sum(in int x) => x;
                public static int Ro(ref readonly int x) => x;
            }
            """,
        ["file-local types"] = """
            file sealed class Helper { public static int Twice(int x) => x * 2; }
            file record Shadow(int A);
            public static class UsesFileLocal { public static int Use() => Helper.Twice(new Shadow(2).A); }
            """,
        ["nullable annotations"] = """
            public sealed class Nullables
            {
                public string? Maybe { get; set; }
                public string Sure { get; set; } = "";
                public static int Len(string? s) => s?.Length ?? 0;
                public static string Force(string? s) => s!;
                public static T? First<T>(IEnumerable<T> xs) where T : class => xs.FirstOrDefault();
                public static bool TryGet([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) { value = "x"; return true; }
                public static int? Add(int? a, int? b) => a + b;
                public void Assign() { Maybe ??= "y"; Sure = Maybe; }
            }
            """,
        ["default interface members"] = """
            public interface IGreeter
            {
                string Name { get; }
                string Greet() => "hi " + Name;
                static string Prefix => "> ";
                protected static int Count;
                private string Shout() => Greet().ToUpperInvariant();
                public string Loud() => Shout();
            }
            public sealed class Greeter : IGreeter { public string Name => "x"; }
            public static class Defaults { public static string Use() => ((IGreeter)new Greeter()).Loud() + IGreeter.Prefix; }
            """,
        ["extension members and extension methods"] = """
            public static class TextExtensions
            {
                public static string Reverse(this string s) => new(s.ToCharArray().Reverse().ToArray());
                extension(string s)
                {
                    public bool IsBlank => string.IsNullOrWhiteSpace(s);
                    public string Twice() => s + s;
                    public static string Empty => "";
                }
                extension<T>(IEnumerable<T> source)
                {
                    public int Size => source.Count();
                }
            }
            public static class UsesExtensions { public static string Use(string s) => s.Reverse() + s.IsBlank + s.Twice() + string.Empty.Length + new[] { 1 }.Size; }
            """,
        ["events"] = """
            public sealed class Publisher
            {
                public event EventHandler<string>? Said;
                private EventHandler? _custom;
                public event EventHandler Custom { add => _custom += value; remove => _custom -= value; }
                public event Action<int>? Counted;
                public void Say(string s) { Said?.Invoke(this, s); _custom?.Invoke(this, EventArgs.Empty); Counted?.Invoke(s.Length); }
                public static int Use()
                {
                    var p = new Publisher();
                    var n = 0;
                    void Handler(object? sender, string s) => n += s.Length;
                    p.Said += Handler;
                    p.Custom += (_, _) => n++;
                    p.Say("abc");
                    p.Said -= Handler;
                    return n;
                }
            }
            """,
        ["operators, conversions and compound assignment"] = """
            public sealed class Vector(double x, double y)
            {
                public double X { get; private set; } = x;
                public double Y { get; private set; } = y;
                public static Vector operator +(Vector a, Vector b) => new(a.X + b.X, a.Y + b.Y);
                public static Vector operator -(Vector a) => new(-a.X, -a.Y);
                public static Vector operator *(Vector a, double k) => new(a.X * k, a.Y * k);
                public static bool operator ==(Vector? a, Vector? b) => a?.X == b?.X && a?.Y == b?.Y;
                public static bool operator !=(Vector? a, Vector? b) => !(a == b);
                public static bool operator true(Vector v) => v.X != 0;
                public static bool operator false(Vector v) => v.X == 0;
                public static implicit operator Vector((double, double) t) => new(t.Item1, t.Item2);
                public static explicit operator double(Vector v) => v.X;
                public void operator +=(Vector other) { X += other.X; Y += other.Y; }
                public void operator ++() { X++; }
                public override bool Equals(object? o) => o is Vector v && this == v;
                public override int GetHashCode() => HashCode.Combine(X, Y);
                public static double Use() { Vector v = (1, 2); v += new Vector(1, 1); v++; var w = -v * 2; return (double)w + (v ? 1 : 0); }
            }
            """,
        ["indexers"] = """
            public sealed class Grid
            {
                private readonly int[,] _cells = new int[3, 3];
                public int this[int r, int c] { get => _cells[r, c]; set => _cells[r, c] = value; }
                public int this[Index i] => _cells[0, i.GetOffset(3)];
                public string this[string key] => key;
                public static int Use() { var g = new Grid(); g[1, 1] = 5; return g[1, 1] + g[^1] + g["a"].Length; }
            }
            """,
        ["lock on System.Threading.Lock and Monitor"] = """
            public sealed class Locks
            {
                private readonly Lock _gate = new();
                private readonly object _old = new();
                private int _n;
                public int Use()
                {
                    lock (_gate) { _n++; }
                    lock (_old) { _n++; }
                    using (_gate.EnterScope()) { _n++; }
                    Interlocked.Increment(ref _n);
                    return Volatile.Read(ref _n);
                }
                public async Task<int> Semaphore(CancellationToken ct)
                {
                    using var s = new SemaphoreSlim(1);
                    await s.WaitAsync(ct);
                    try { return _n; } finally { s.Release(); }
                }
            }
            """,
        ["switch expressions and statements"] = """
            public enum Color { Red, Green, Blue }
            public static class Switches
            {
                public static string Name(Color c) => c switch { Color.Red => "r", Color.Green => "g", Color.Blue => "b" };
                public static int Long(string s)
                {
                    switch (s)
                    {
                        case "alpha": return 1; case "beta": return 2; case "gamma": return 3; case "delta": return 4;
                        case "epsilon": return 5; case "zeta": return 6; case "eta": return 7; case "theta": return 8;
                        case { Length: > 10 }: goto default;
                        default: return 0;
                    }
                }
                public static Color Parse(string s) => Enum.Parse<Color>(s) | Color.Green;
            }
            """,
        ["params collections"] = """
            public static class Params
            {
                public static int Span(params ReadOnlySpan<int> xs) => xs.Length;
                public static int List(params List<string> xs) => xs.Count;
                public static int Array(params int[] xs) => xs.Length;
                public static int Enumerable(params IEnumerable<int> xs) => xs.Count();
                public static int Use(int a) => Span(1, 2, a) + List("a", "b") + Array(a) + Enumerable(1, 2);
            }
            """,
        ["field keyword and null-conditional assignment"] = """
            public sealed class Fields
            {
                public string Name { get => field; set => field = value.Trim(); } = "";
                public int Count { get; set => field = Math.Max(0, value); }
                public Fields? Next { get; set; }
                public static int Use() { var f = new Fields { Name = " a " }; f.Next = new Fields(); f.Next?.Count = 3; f.Next?.Name ??= "x"; return f.Name.Length + (f.Next?.Count ?? 0); }
            }
            """,
        ["nameof, typeof and default"] = """
            public static class Names
            {
                public static string Use<T>(T value)
                {
                    int x = default;
                    string? s = default(string);
                    var t = typeof(List<int>);
                    var open = typeof(Dictionary<,>);
                    return nameof(Use) + nameof(List<>) + nameof(value) + t.Name + t.FullName + open.Namespace + (typeof(T) == t) + value?.GetType().Name + x + s;
                }
            }
            """,
        ["implicit span conversions"] = """
            public static class Spans
            {
                public static int Sum(ReadOnlySpan<int> s) { var t = 0; foreach (var x in s) t += x; return t; }
                public static int Use(int[] a) { Span<int> s = a; ReadOnlySpan<int> r = s; return Sum(a) + r.Length + a.AsSpan(1).IndexOf(2) + "abc".AsSpan().Trim().Length; }
                public static bool Starts(string[] words) => words.AsSpan().Contains("a");
            }
            """,
        ["structs, readonly members, in and ref readonly"] = """
            public struct Temperature
            {
                public double Celsius;
                public readonly double Fahrenheit => Celsius * 9 / 5 + 32;
                public readonly override string ToString() => Fahrenheit.ToString("F1");
                public static bool Hotter(in Temperature a, in Temperature b) => a.Celsius > b.Celsius;
            }
            public readonly ref struct Slice { private readonly ReadOnlySpan<char> _text; public Slice(ReadOnlySpan<char> text) { _text = text; } public int Length => _text.Length; }
            public static class UsesStructs { public static string Use() { var t = new Temperature { Celsius = 20 }; return t + Temperature.Hotter(t, default).ToString() + new Slice("ab").Length; } }
            """,
        ["exceptions, filters and throw expressions"] = """
            public sealed class ToolFailure(string message, Exception? inner = null) : Exception(message, inner);
            public static class Exceptions
            {
                public static string Use(string? s)
                {
                    try { var v = s ?? throw new ArgumentNullException(nameof(s)); return v.Length > 2 ? v : throw new ToolFailure("short"); }
                    catch (ArgumentNullException e) when (e.ParamName == "s") { return "null"; }
                    catch (ToolFailure e) { return e.Message; }
                    finally { }
                }
                public static void Guard(string s) { ArgumentException.ThrowIfNullOrEmpty(s); ObjectDisposedException.ThrowIf(s.Length == 0, s); }
                public static string Rethrow(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).SourceException.Message;
            }
            """,
        ["anonymous types and with"] = """
            public static class Anonymous
            {
                public static string Use()
                {
                    var a = new { Name = "x", Size = 2 };
                    var b = a with { Size = 3 };
                    var groups = new[] { a, b }.GroupBy(x => new { x.Name }).Select(g => new { g.Key.Name, Count = g.Count() });
                    return a + b.ToString() + a.Equals(b) + string.Join(",", groups);
                }
            }
            """,
        ["native-sized integers and sizeof"] = """
            public static class Native
            {
                public static nint Use(nint a, nuint b) => a + (nint)b + sizeof(int) + sizeof(long) + nint.MaxValue.GetHashCode();
            }
            """,
        ["inline arrays"] = """
            [InlineArray(4)]
            public struct Four { private int _e0; }
            public static class Inline { public static int Use() { var f = new Four(); f[0] = 1; f[3] = 2; var s = 0; foreach (var x in f) s += x; return s; } }
            """,
        ["static constructors, constants and static fields"] = """
            public static class Statics
            {
                public const string Name = "s";
                private static readonly Dictionary<string, int> Table;
                private static readonly Regex Words = new(@"\w+", RegexOptions.Compiled);
                static Statics() { Table = new() { ["a"] = 1 }; }
                public static int Use(string s) => Table.GetValueOrDefault(s) + Words.Matches(s).Count + Regex.Count(s, "a");
            }
            """,
        ["generics, variance and covariant returns"] = """
            public interface IProducer<out T> { T Make(); }
            public interface IConsumer<in T> { void Take(T t); }
            public sealed class Producer : IProducer<string> { public string Make() => "x"; }
            public class Animal { public virtual Animal Clone() => new(); }
            public sealed class Cat : Animal { public override Cat Clone() => new(); }
            public sealed class Box<T>(T value) where T : IEquatable<T> { public T Value => value; public bool Same(T other) => value.Equals(other); }
            public static class Variance { public static object Use() { IProducer<object> p = new Producer(); return p.Make().ToString() + new Cat().Clone() + new Box<int>(1).Same(1); } }
            """,
        ["explicit interface implementation and IDisposable"] = """
            public sealed class Resource : IDisposable, IEnumerable<int>
            {
                private bool _disposed;
                public void Dispose() { _disposed = true; }
                IEnumerator<int> IEnumerable<int>.GetEnumerator() { yield return _disposed ? 0 : 1; }
                IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<int>)this).GetEnumerator();
                public static int Use() { using var r = new Resource(); using (new Resource()) { } return r.Sum(); }
            }
            """,
        ["JSON with typed and generic APIs"] = """
            public sealed record Item(string Name, int Count);
            public static class Json
            {
                private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
                public static string Use(string json)
                {
                    var item = JsonSerializer.Deserialize<Item>(json, Options)!;
                    using var doc = JsonDocument.Parse(json);
                    var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
                    node["extra"] = 1;
                    var element = JsonSerializer.SerializeToElement(item);
                    return JsonSerializer.Serialize(item with { Count = 2 }, Options) + doc.RootElement.GetProperty("name").GetString() + node.ToJsonString() + element.ValueKind;
                }
                public static string Enum() => JsonSerializer.Serialize(DayOfWeek.Monday, new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
            }
            public sealed class Wrapped { [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))] public DayOfWeek Day { get; set; } [System.Text.Json.Serialization.JsonPropertyName("n")] public int N { get; set; } }
            """,
        ["enums and flags"] = """
            [Flags] public enum Access { None = 0, Read = 1, Write = 2, All = Read | Write }
            public static class Enums
            {
                public static string Use(Access a) => a.HasFlag(Access.Read) + a.ToString() + string.Join(",", Enum.GetValues<Access>()) + Enum.GetName(a) + Enum.TryParse<Access>("Read", out var r) + r + Enum.IsDefined(a);
            }
            """,
        ["typed tool with arguments record and services"] = """
            public sealed record ShoutArguments([property: Description("Text to shout.")] string Text, [property: Description("Times.")] int Times = 1);
            public sealed class ShoutTool(IToolLogger log, IToolRegistry tools, string workspace) : Tool<ShoutArguments>
            {
                public override string Name => "shout_construct";
                public override string Description => "Shouts.";
                protected override async Task<ToolResult> RunAsync(ShoutArguments arguments, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    _ = tools;
                    _ = workspace;
                    _ = log;
                    return ToolResult.Ok(string.Concat(Enumerable.Repeat(arguments.Text.ToUpperInvariant(), arguments.Times)));
                }
            }
            """,
        ["goto, labels, loops and jumps"] = """
            public static class Jumps
            {
                public static int Use(int n)
                {
                    var i = 0;
                start:
                    i++;
                    if (i < n) goto start;
                    do { i--; } while (i > 0);
                    while (true) { if (++i > 3) break; else continue; }
                    foreach (var c in "abc") { if (c == 'b') continue; i++; }
                    return i;
                }
            }
            """,
        ["partial types and members"] = """
            public partial class Split { public partial int Value { get; } partial void Hook(); public int Use() { Hook(); return Value; } }
            public partial class Split { public partial int Value => 3; partial void Hook() { } }
            """,
        ["delegates, Func, Action and method groups"] = """
            public delegate int Transform(int x);
            public static class Delegates
            {
                private static int Double(int x) => x * 2;
                public static int Use()
                {
                    Transform t = Double;
                    Func<int, int> f = Double;
                    Transform c = t + (x => x + 1);
                    Predicate<string> p = string.IsNullOrEmpty;
                    Comparison<int> cmp = (a, b) => a.CompareTo(b);
                    var list = new List<int> { 3, 1, 2 };
                    list.Sort(cmp);
                    return c(1) + f(2) + (p("") ? 1 : 0) + list[0] + t.Invoke(1);
                }
            }
            """,
        ["concurrent and channel collections"] = """
            public static class Concurrent
            {
                public static async Task<int> Use(CancellationToken ct)
                {
                    var d = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
                    d.AddOrUpdate("a", 1, (_, v) => v + 1);
                    var ch = System.Threading.Channels.Channel.CreateUnbounded<int>();
                    await ch.Writer.WriteAsync(1, ct);
                    ch.Writer.Complete();
                    var n = 0;
                    await foreach (var x in ch.Reader.ReadAllAsync(ct)) n += x;
                    var lazy = new Lazy<int>(() => 2);
                    var bag = new System.Collections.Concurrent.ConcurrentBag<int> { 1 };
                    return n + d["a"] + lazy.Value + bag.Count;
                }
            }
            """,
        ["parallel loops and specialized collections"] = """
            public static class Loops
            {
                public static async Task<int> Use(int[] data, CancellationToken ct)
                {
                    var total = 0;
                    Parallel.For(0, data.Length, i => Interlocked.Add(ref total, data[i]));
                    Parallel.ForEach(data, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = 2 }, x => Interlocked.Add(ref total, x));
                    await Parallel.ForEachAsync(data, ct, (x, _) => { Interlocked.Add(ref total, x); return ValueTask.CompletedTask; });
                    var ordered = new System.Collections.Specialized.OrderedDictionary { ["a"] = 1 };
                    var list = new System.Collections.Specialized.StringCollection { "x" };
                    return total + ordered.Count + list.Count;
                }
            }
            """,
        ["async LINQ"] = """
            public static class AsyncLinq
            {
                private static async IAsyncEnumerable<int> Source() { await Task.Yield(); yield return 1; yield return 2; }
                public static async Task<int> Use(CancellationToken ct) => await Source().Where(x => x > 0).Select(x => x * 2).SumAsync(ct);
            }
            """,
        ["globalization and formatting"] = """
            public static class Formatting
            {
                public static string Use(double d, DateTime t)
                {
                    var inv = System.Globalization.CultureInfo.InvariantCulture;
                    return d.ToString("N2", inv) + t.ToString("O", inv) + string.Format(inv, "{0:X}", 255) + DateOnly.FromDateTime(t) + TimeSpan.FromMinutes(3).ToString("c") + decimal.Parse("1.5", inv) + "ß".ToUpper(inv) + System.Globalization.CultureInfo.CurrentCulture.Name;
                }
            }
            """,
        ["time through TimeProvider and Stopwatch"] = """
            public static class Clocks
            {
                public static string Use(TimeProvider clock)
                {
                    var start = clock.GetTimestamp();
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    return clock.GetUtcNow().ToString("O") + clock.GetElapsedTime(start) + sw.Elapsed + TimeProvider.System.LocalTimeZone.Id + DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                }
            }
            """,
        ["buffers and memory"] = """
            public static class Memory
            {
                public static int Use(byte[] data)
                {
                    var pool = ArrayPool<byte>.Create();
                    var rented = pool.Rent(16);
                    try
                    {
                        data.AsSpan().CopyTo(rented);
                        Memory<byte> m = rented;
                        ReadOnlyMemory<byte> r = m[..2];
                        var writer = new ArrayBufferWriter<byte>();
                        writer.Write(r.Span);
                        var values = System.Buffers.SearchValues.Create("abc");
                        return writer.WrittenCount + "xbz".AsSpan().IndexOfAny(values) + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(rented) + Convert.ToBase64String(data).Length;
                    }
                    finally { pool.Return(rented); }
                }
            }
            """,
    };
}
