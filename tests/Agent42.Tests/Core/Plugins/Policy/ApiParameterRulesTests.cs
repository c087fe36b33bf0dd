using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Policy;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// One test per entry of <see cref="ApiParameterRules"/>: the overload with the refused parameter type is
/// refused with the rule's code, and a sibling overload without it compiles clean.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class ApiParameterRulesTests
{
    private static readonly Dictionary<string, (string Refused, string Accepted)> Samples = new(StringComparer.Ordinal)
    {
        ["(System.Type)"] = (
            "public static class P { public static object? M(object o) => JsonSerializer.Deserialize(\"1\", o.GetType()); }",
            "public static class P { public static object? M() => JsonSerializer.Deserialize<int>(\"1\"); }"),
        ["System.IO.StreamReader"] = (
            "public static class P { public static object M() => new System.IO.StreamReader(\"/etc/passwd\"); }",
            "public static class P { public static object M() => new System.IO.StreamReader(new System.IO.MemoryStream(), Encoding.UTF8); }"),
        ["System.IO.StreamWriter"] = (
            "public static class P { public static object M() => new System.IO.StreamWriter(\"/tmp/x\", append: true); }",
            "public static class P { public static void M() { using var w = new System.IO.StreamWriter(new System.IO.MemoryStream()); w.Write(\"text\"); w.WriteLine(\"line\"); } }"),
        ["System.Threading.Mutex"] = (
            "public static class P { public static object M() => new Mutex(false, \"name\"); }",
            "public static class P { public static object M() => new Mutex(false); }"),
        ["System.Threading.Semaphore"] = (
            "public static class P { public static object M() => new Semaphore(0, 1, \"name\"); }",
            "public static class P { public static object M() => new Semaphore(0, 1); }"),
        ["System.Threading.EventWaitHandle"] = (
            "public static class P { public static object M() => new EventWaitHandle(true, EventResetMode.ManualReset, \"name\"); }",
            "public static class P { public static object M() => new EventWaitHandle(true, EventResetMode.ManualReset); }"),
        ["OnCompleted(System.Action)"] = (
            "public static class P { public static void M() => Task.Delay(1).GetAwaiter().OnCompleted(() => throw new InvalidOperationException()); }",
            "public static class P { public static async Task M() => await Task.Delay(1); }"),
        ["UnsafeOnCompleted(System.Action)"] = (
            "public static class P { public static void M() => Task.Yield().GetAwaiter().UnsafeOnCompleted(() => { }); }",
            "public static class P { public static async Task M() => await Task.Yield(); }"),
        ["System.Threading.AsyncLocal"] = (
            "public static class P { public static object M() => new AsyncLocal<string>(_ => { }); }",
            "public static class P { public static object M() => new AsyncLocal<string>(); }"),
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> Rules() =>
        ApiParameterRules.All.Select(r => new TestCaseData(Key(r)).SetArgDisplayNames(Key(r)));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(Rules))]
    public void ParameterRule_RefusesTheOverloadAndAcceptsItsSibling(string key)
    {
        var rule = ApiParameterRules.All.Single(r => Key(r) == key);
        Assert.That(Samples.TryGetValue(key, out var sample), Is.True, $"no sample for parameter rule {key}");

        var build = PolicyProbe.AssertRefused(_harness, sample.Refused, rule.Concern.Code);
        Assert.That(build.Diagnostics.Select(d => d.Message), Has.Some.Contains($" with a {rule.ParameterType} parameter is not allowed in tools: "));
        PolicyProbe.AssertAccepted(_harness, sample.Accepted);
    }

    [Test]
    public void Samples_CoverEveryParameterRuleAndNothingElse()
    {
        Assert.That(Samples.Keys, Is.EquivalentTo(ApiParameterRules.All.Select(Key)));
    }

    [Test]
    public void ParameterRule_DoesNotApplyToAttributes()
    {
        PolicyProbe.AssertAccepted(_harness, "[System.ComponentModel.DataAnnotations.MetadataType(typeof(string))] public sealed class Dto { [System.ComponentModel.DataAnnotations.Range(typeof(int), \"1\", \"9\")] public int N { get; set; } }");
    }

    [Test]
    public void ParameterRule_DoesNotApplyToAttributes_WhenTheWalkRuns()
    {
        // using static makes the walk run; an attribute's name binds to its constructor, which must stay exempt.
        PolicyProbe.AssertAccepted(_harness, "using static System.Math;\npublic sealed class Dto { [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))] public DayOfWeek Day { get; set; } public static int M() => Max(1, 2); }");
    }

    private static string Key(ApiParameterRule rule) => rule.Scope.Length == 0 ? $"{rule.Member}({rule.ParameterType})" : rule.Scope;
}
