using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Class 3.1: APIs that take a runtime <see cref="Type"/> and act on it by reflection are refused by their
/// signature, however they are reached, so a host object's <c>GetType()</c> builds nothing.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class RuntimeTypeProbeTests
{
    private const string Code = PluginDiagnosticCodes.RuntimeTypes;

    private static readonly Dictionary<string, string> Probes = new(StringComparer.Ordinal)
    {
        ["JSON deserialize into the host's type"] = Tool("JsonSerializer.Deserialize(\"{}\", sandbox.GetType())"),
        ["JSON with options"] = Tool("JsonSerializer.Deserialize(\"{}\", sandbox.GetType(), JsonSerializerOptions.Default)"),
        ["JSON serialize as a type"] = Tool("JsonSerializer.Serialize(sandbox, sandbox.GetType())"),
        ["JSON type info from options"] = Tool("JsonSerializerOptions.Default.GetTypeInfo(sandbox.GetType())"),
        ["JSON type info created"] = Tool("System.Text.Json.Serialization.Metadata.JsonTypeInfo.CreateJsonTypeInfo(sandbox.GetType(), JsonSerializerOptions.Default)"),
        ["JSON derived type"] = Tool("new System.Text.Json.Serialization.Metadata.JsonDerivedType(sandbox.GetType())"),
        ["JSON through an alias"] = "using J = System.Text.Json.JsonSerializer;\n" + Tool("J.Deserialize(\"{}\", sandbox.GetType())"),
        ["JSON through using static"] = "using static System.Text.Json.JsonSerializer;\n" + Tool("Deserialize(\"{}\", sandbox.GetType())"),
        ["JSON as a method group"] = Tool("((Func<string, Type, JsonSerializerOptions?, object?>)JsonSerializer.Deserialize)(\"{}\", sandbox.GetType(), null)"),
        ["JSON in a lambda"] = Tool("((Func<object?>)(() => JsonSerializer.Deserialize(\"{}\", sandbox.GetType())))()"),
        ["JSON in a local function"] = Tool("Local(sandbox.GetType()); static object? Local(Type t) => JsonSerializer.Deserialize(\"{}\", t)", statement: true),
        ["JSON in a generic helper"] = Tool("Helper<int>.Make(sandbox.GetType())") + "\npublic static class Helper<T> { public static object? Make(Type t) => JsonSerializer.Deserialize(\"{}\", t); }",
        ["JSON in a nested type"] = Tool("Inner.Make(sandbox.GetType())", extra: "public static class Inner { public static object? Make(Type t) => JsonSerializer.Deserialize(\"{}\", t); }"),
        ["JSON in a record member"] = Tool("new Maker(sandbox.GetType()).Make()") + "\npublic sealed record Maker(Type T) { public object? Make() => JsonSerializer.Deserialize(\"{}\", T); }",
        ["JSON async from a stream"] = Tool("JsonSerializer.DeserializeAsync(new System.IO.MemoryStream(), sandbox.GetType()).AsTask().Result"),
        ["DataAnnotations range converts through the type"] = Tool("new System.ComponentModel.DataAnnotations.RangeAttribute(sandbox.GetType(), \"a\", \"b\").IsValid(\"a\")"),
        ["DataAnnotations custom validation calls by name"] = Tool("new System.ComponentModel.DataAnnotations.CustomValidationAttribute(sandbox.GetType(), \"Validate\")"),
        ["DataAnnotations resource type set"] = Tool("new System.ComponentModel.DataAnnotations.RequiredAttribute { ErrorMessageResourceType = sandbox.GetType() }"),
        ["DataAnnotations service lookup"] = Tool("new System.ComponentModel.DataAnnotations.ValidationContext(sandbox).GetService(sandbox.GetType())"),
        ["Array of the host's type"] = Tool("Array.CreateInstance(sandbox.GetType(), 1)"),
        ["JSON converter lookup"] = Tool("JsonSerializerOptions.Default.GetConverter(sandbox.GetType())"),
    };

    private static readonly Dictionary<string, string> Accepted = new(StringComparer.Ordinal)
    {
        ["a type's name"] = Tool("sandbox.GetType().Name + typeof(string).FullName"),
        ["typeof comparisons"] = Tool("(sandbox.GetType() == typeof(string)) + \"\" + typeof(object).IsAssignableFrom(sandbox.GetType())"),
        ["enum helpers taking a Type"] = Tool("Enum.Parse(typeof(DayOfWeek), \"Monday\") + \"\" + Enum.GetValues(typeof(DayOfWeek)).Length"),
        ["attributes taking a typeof"] = "public sealed class Dto { [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))] public DayOfWeek Day { get; set; } }",
        ["generic JSON"] = Tool("JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, int>>(\"{}\"))"),
        ["holding types in a list"] = Tool("(object)new List<Type> { sandbox.GetType() }.Count"),
    };

    private PluginHarness _harness = null!;

    public static IEnumerable<TestCaseData> RefusedProbes() => Probes.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    public static IEnumerable<TestCaseData> AcceptedProbes() => Accepted.Keys.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCaseSource(nameof(RefusedProbes))]
    public void RuntimeTypeTakingApi_IsRefused(string probe) => PolicyProbe.AssertRefused(_harness, Probes[probe], Code);

    [TestCaseSource(nameof(AcceptedProbes))]
    public void HarmlessTypeUse_IsAccepted(string probe) => PolicyProbe.AssertAccepted(_harness, Accepted[probe]);

    [Test]
    public void RuntimeTypeTakingApi_IsFoundByTheScanAlone()
    {
        var found = PolicyProbe.ScanOnly("public static class P { public static object? M(object o) => JsonSerializer.Deserialize(\"{}\", o.GetType()); }");

        Assert.That(found, Has.Some.Matches<PluginDiagnostic>(d => d.Code == Code
            && d.Message.StartsWith("System.Text.Json.JsonSerializer.Deserialize with a System.Type parameter is not allowed in tools", StringComparison.Ordinal)));
    }

    [Test]
    public void Refusal_SaysWhatToUseInstead()
    {
        var build = PolicyProbe.AssertRefused(_harness, Probes["JSON deserialize into the host's type"], Code);

        Assert.That(build.Diagnostics.First(d => d.Code == Code).Message, Does.Contain("JsonSerializer.Deserialize<T>"));
    }

    private static string Tool(string expression, bool statement = false, string extra = "") => $$"""
        public sealed class ProbeTool(IWorkspaceSandbox sandbox) : Tool
        {
            public override string Name => "probe";
            public override string Description => "A probe.";
            public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
            {
                {{(statement ? expression + ";\n        return Task.FromResult(ToolResult.Ok(\"x\"));" : "return Task.FromResult(ToolResult.Ok((" + expression + ")?.ToString() ?? \"\"));")}}
            }
            {{extra}}
        }
        """;
}
