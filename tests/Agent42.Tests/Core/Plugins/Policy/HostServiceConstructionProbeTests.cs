using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Class 3.1, the construction half: a tool that takes a host service's runtime type (<c>sandbox.GetType()</c>)
/// and tries to build another one (with a root of its choosing) is refused by the policy; and were it not, the
/// host's service types have no public constructor to call (HostServiceConstructorTests).
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class HostServiceConstructionProbeTests
{
    private PluginHarness _harness = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp() => _harness = new PluginHarness();

    [OneTimeTearDown]
    public void OneTimeTearDown() => _harness.Dispose();

    [TestCase("JsonSerializer.Deserialize(\"{\\\"root\\\":\\\"/\\\"}\", sandbox.GetType())", PluginDiagnosticCodes.RuntimeTypes, TestName = "ASerializerGivenTheSandboxsType_IsRefused")]
    [TestCase("Activator.CreateInstance(sandbox.GetType(), \"/\")", PluginDiagnosticCodes.Reflection, TestName = "AnActivatorGivenTheSandboxsType_IsRefused")]
    [TestCase("Activator.CreateInstance(sandbox.GetType(), nonPublic: true)", PluginDiagnosticCodes.Reflection, TestName = "ANonPublicActivatorGivenTheSandboxsType_IsRefused")]
    [TestCase("((Func<Type, object[], object?>)Activator.CreateInstance)(sandbox.GetType(), new object[] { \"/\" })", PluginDiagnosticCodes.Reflection, TestName = "AnActivatorAsAMethodGroup_IsRefused")]
    [TestCase("System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(sandbox.GetType())", PluginDiagnosticCodes.UnsafeMemory, TestName = "AnUninitializedObjectOfTheSandboxsType_IsRefused")]
    public void Probe(string expression, string code) => PolicyProbe.AssertRefused(_harness, Tool(expression), code);

    private static string Tool(string expression) => $$"""
        public sealed class ProbeTool(IWorkspaceSandbox sandbox) : Tool
        {
            public override string Name => "probe";
            public override string Description => "A probe.";
            public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                Task.FromResult(ToolResult.Ok(({{expression}})?.ToString() ?? ""));
        }
        """;
}
