using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Plugins.Loading;

[Parallelizable(ParallelScope.All)]
public sealed class PluginLoaderTests
{
    /// <summary>Where a tool class's name lands in a file made of the harness usings and <see cref="PluginHarness.RawTool"/>.</summary>
    private const int ClassLine = 9;
    private const int ClassNameColumn = 21;

    private PluginHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new PluginHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task Load_RawTool_CreatesTheHostsToolTypeAndRunsIt()
    {
        var plugin = _harness.Load("echo.cs", PluginHarness.Usings + PluginHarness.RawTool("EchoTool", "echo", "arguments.GetRawText()"));

        var tool = plugin.Tools.Single();
        Assert.That(tool, Is.InstanceOf<Tool>());
        Assert.That((tool.Name, tool.Description), Is.EqualTo(("echo", "A test tool.")));
        Assert.That((await PluginHarness.RunAsync(tool, "{\"a\":1}")).Output, Is.EqualTo("{\"a\":1}"));
        Assert.That(plugin.Diagnostics, Is.Empty);
        Assert.That(plugin.IsUnloaded, Is.False);
    }

    [TestCase("greet.cs")]
    [TestCase("greet.csx")]
    public async Task Load_TypedTool_BindsItsArgumentsAndRefusesBadOnes(string fileName)
    {
        const string Source = """
            public sealed class Greet : Tool<Greet.Arguments>
            {
                public override string Name => "greet";
                public override string Description => "Greets someone.";
                protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken) =>
                    Task.FromResult(ToolResult.Ok($"hello {arguments.Who} x{arguments.Times}"));
                public sealed record Arguments([property: Description("Who to greet.")] string Who, int Times = 1);
            }
            """;
        var plugin = _harness.Load(fileName, PluginHarness.Usings + Source);

        var tool = plugin.Tools.Single();
        var ok = await PluginHarness.RunAsync(tool, "{\"who\":\"Ada\",\"times\":2}");
        var bad = await PluginHarness.RunAsync(tool, "{\"times\":2}");

        Assert.That(ok.Output, Is.EqualTo("hello Ada x2"));
        Assert.That(bad.Error, Is.EqualTo("Invalid arguments for 'greet': missing required property 'who'"));
        Assert.That(tool.Parameters.GetProperty("properties").GetProperty("who").GetProperty("description").GetString(), Is.EqualTo("Who to greet."));
    }

    [Test]
    public void Load_ScriptWithSeveralTools_LoadsEveryPublicToolAndIgnoresTopLevelCode()
    {
        var source = PluginHarness.RawTool("One", "one") + "\n" + PluginHarness.RawTool("Two", "two") + "\nthrow new InvalidOperationException(\"top-level code ran\");\n";

        var plugin = _harness.Load("pair.csx", source);

        Assert.That(plugin.Tools.Select(t => t.Name), Is.EquivalentTo(new[] { "one", "two" }));
    }

    [TestCase("IWorkspaceSandbox service", "service.Root", "{workspace}")]
    [TestCase("ICommandFilter service", "service.Check(\"rm -rf /\").Reason", "checked by the fake filter: rm -rf /")]
    [TestCase("ITaskQueue service", "service.List()[0].Description", "fake task")]
    [TestCase("IToolRegistry service", "service.List()[0].Name", "fake_tool")]
    [TestCase("ToolContext service", "service.Workspace", "{workspace}")]
    [TestCase("string workspace", "workspace", "{workspace}")]
    public async Task Load_ConstructorAskingForAService_IsGivenIt(string parameter, string use, string expected)
    {
        var constructor = $"private readonly object _value; public Injected({parameter}) => _value = {use};";
        var plugin = _harness.Load("injected.cs", PluginHarness.Usings + PluginHarness.RawTool("Injected", "injected", "_value.ToString()!", constructor));

        var result = await PluginHarness.RunAsync(plugin.Tools.Single());

        Assert.That(result.Output, Is.EqualTo(expected.Replace("{workspace}", _harness.Workspace.Path, StringComparison.Ordinal)));
    }

    [Test]
    public async Task Load_ConstructorAskingForALogger_GetsOneNamedAfterTheTool()
    {
        const string Constructor = "private readonly IToolLogger _log; public Logged(IToolLogger log) => _log = log;";
        var plugin = _harness.Load("logged.cs", PluginHarness.Usings + PluginHarness.RawTool("Logged", "logged", "Log()", Constructor)
            .Replace("public override string Name", "private string Log() { _log.Information(\"hi\"); return \"logged\"; }\n    public override string Name", StringComparison.Ordinal));

        await PluginHarness.RunAsync(plugin.Tools.Single());

        Assert.That(_harness.Services.LoggerCategories, Has.Member("Logged"));
        Assert.That(_harness.Services.Logged, Has.Member("info: hi"));
    }

    [Test]
    public void Load_ConstructorAskingForSomethingElse_SkipsTheToolNamingTheParameter()
    {
        const string Constructor = "public Needy(TimeProvider clock) { }";
        var source = PluginHarness.Usings + PluginHarness.RawTool("Needy", "needy", constructor: Constructor);

        var plugin = _harness.Load("needy.cs", source);

        Assert.That(plugin.Tools, Is.Empty);
        Assert.That(plugin.IsUnloaded, Is.True);
        var warning = plugin.Diagnostics.Single();
        Assert.That((warning.Code, warning.Severity, warning.Line, warning.Column),
            Is.EqualTo((PluginDiagnosticCodes.UnmetConstructorParameter, PluginDiagnosticSeverity.Warning, ClassLine, ClassNameColumn)));
        Assert.That(warning.Message, Does.Contain("parameter 'clock' of type TimeProvider cannot be provided"));
    }

    [Test]
    public void Load_StringParameterNotNamedWorkspace_IsUnmet()
    {
        var plugin = _harness.Load("path.cs", PluginHarness.Usings + PluginHarness.RawTool("PathTool", "path_tool", constructor: "public PathTool(string path) { }"));

        Assert.That(plugin.Diagnostics.Single().Message, Does.Contain("parameter 'path'"));
    }

    [Test]
    public void Load_ConstructorThatThrows_SkipsThatToolWithItsMessageAndKeepsTheOthers()
    {
        var source = PluginHarness.Usings
            + PluginHarness.RawTool("Throws", "throws", constructor: "public Throws() => throw new InvalidOperationException(\"no config\");")
            + "\n" + PluginHarness.RawTool("Fine", "fine");

        var plugin = _harness.Load("mixed.cs", source);

        Assert.That(plugin.Tools.Select(t => t.Name), Is.EqualTo(new[] { "fine" }));
        var warning = plugin.Diagnostics.Single();
        Assert.That((warning.Code, warning.Line), Is.EqualTo((PluginDiagnosticCodes.ConstructorThrew, ClassLine)));
        Assert.That(warning.Message, Does.Contain("InvalidOperationException: no config"));
    }

    [Test]
    public void Load_TypeInitializerThatThrows_SkipsTheTool()
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("Static", "static_tool", constructor: "static Static() => throw new InvalidOperationException(\"static boom\");");

        var plugin = _harness.Load("static.cs", source);

        Assert.That(plugin.Tools, Is.Empty);
        Assert.That(plugin.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.ConstructorThrew));
        Assert.That(plugin.Diagnostics.Single().Message, Does.Contain("static boom"));
    }

    [TestCase("e", TestName = "Load_NameOfOneCharacter_IsRefused")]
    [TestCase("Echo", TestName = "Load_NameWithUpperCase_IsRefused")]
    [TestCase("1echo", TestName = "Load_NameStartingWithDigit_IsRefused")]
    [TestCase("_echo", TestName = "Load_NameStartingWithUnderscore_IsRefused")]
    [TestCase("echo-tool", TestName = "Load_NameWithHyphen_IsRefused")]
    [TestCase("echo tool", TestName = "Load_NameWithSpace_IsRefused")]
    [TestCase("", TestName = "Load_EmptyName_IsRefused")]
    [TestCase("a23456789012345678901234567890123456789012345678901", TestName = "Load_NameOf50Characters_IsRefused")]
    public void Load_InvalidName_SkipsTheTool(string name)
    {
        var plugin = _harness.Load("named.cs", PluginHarness.Usings + PluginHarness.RawTool("Named", name));

        Assert.That(plugin.Tools, Is.Empty);
        var warning = plugin.Diagnostics.Single();
        Assert.That((warning.Code, warning.Line, warning.Column), Is.EqualTo((PluginDiagnosticCodes.InvalidName, ClassLine, ClassNameColumn)));
        Assert.That(warning.Message, Does.Contain($"'{name}'"));
    }

    [TestCase("ab", TestName = "Load_NameOfTwoCharacters_IsAccepted")]
    [TestCase("echo_2", TestName = "Load_NameWithDigitsAndUnderscores_IsAccepted")]
    [TestCase("a234567890123456789012345678901234567890123456789", TestName = "Load_NameOf49Characters_IsAccepted")]
    public void Load_ValidName_LoadsTheTool(string name)
    {
        var plugin = _harness.Load("named.cs", PluginHarness.Usings + PluginHarness.RawTool("Named", name));

        Assert.That(plugin.Tools.Single().Name, Is.EqualTo(name));
    }

    [Test]
    public void Load_EmptyDescription_SkipsTheTool()
    {
        var plugin = _harness.Load("quiet.cs", PluginHarness.Usings + PluginHarness.RawTool("Quiet", "quiet").Replace("\"A test tool.\"", "\"  \"", StringComparison.Ordinal));

        Assert.That(plugin.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.EmptyDescription));
    }

    [TestCase("[]", TestName = "Load_SchemaThatIsAnArray_IsRefused")]
    [TestCase("{\\\"type\\\":\\\"array\\\"}", TestName = "Load_SchemaOfTypeArray_IsRefused")]
    [TestCase("{}", TestName = "Load_SchemaWithoutType_IsRefused")]
    [TestCase("{\\\"type\\\":\\\"object\\\",\\\"properties\\\":[]}", TestName = "Load_SchemaWithPropertiesNotAnObject_IsRefused")]
    [TestCase("{\\\"type\\\":\\\"object\\\",\\\"required\\\":[1]}", TestName = "Load_SchemaWithRequiredNotNames_IsRefused")]
    public void Load_InvalidSchema_SkipsTheTool(string schema)
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("Schemed", "schemed").Replace("{\\\"type\\\":\\\"object\\\"}", schema, StringComparison.Ordinal);

        var plugin = _harness.Load("schemed.cs", source);

        Assert.That(plugin.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.InvalidSchema));
    }

    [Test]
    public void Load_NameGetterThatThrows_SkipsTheToolWithoutCrashing()
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("Faulty", "faulty").Replace("=> \"faulty\"", "=> throw new NotImplementedException(\"later\")", StringComparison.Ordinal);

        var plugin = _harness.Load("faulty.cs", source);

        var warning = plugin.Diagnostics.Single();
        Assert.That(warning.Code, Is.EqualTo(PluginDiagnosticCodes.MetadataThrew));
        Assert.That(warning.Message, Does.Contain("name threw NotImplementedException: later"));
    }

    [Test]
    public void Load_ToolThatIsNotPublic_IsReportedAndSkipped()
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("Hidden", "hidden").Replace("public sealed class Hidden", "internal sealed class Hidden", StringComparison.Ordinal);

        var plugin = _harness.Load("hidden.cs", source);

        Assert.That(plugin.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.NotLoadable));
    }

    [Test]
    public void Load_FileWithoutTools_WarnsAndUnloadsAtOnce()
    {
        var plugin = _harness.Load("helpers.cs", "public static class Helpers { public static int Two => 2; }\npublic abstract class Base : Agent42.Sdk.Tool { }\n");

        Assert.That(plugin.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.NoTools));
        Assert.That(plugin.IsUnloaded, Is.True);
    }

    [Test]
    public void Load_FailedBuild_Throws()
    {
        var build = _harness.Compile("broken.cs", "class {");

        Assert.Throws<ArgumentException>(() => _harness.Loader.Load(build));
    }

    [Test]
    public async Task Load_ToolThatThrows_HasFileAndLineInTheStackTrace()
    {
        var source = PluginHarness.Usings + PluginHarness.RawTool("Boom", "boom", "Explode()")
            .Replace("public override string Name", "private static string Explode() =>\n        throw new InvalidOperationException(\"boom\");\n    public override string Name", StringComparison.Ordinal);
        var plugin = _harness.Load("boom.cs", source);

        var thrown = Assert.ThrowsAsync<InvalidOperationException>(() => PluginHarness.RunAsync(plugin.Tools.Single()));

        Assert.That(thrown!.StackTrace, Does.Contain(_harness.Tools.Combine("boom.cs") + ":line 13"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task FromImage_CachedBuild_LoadsWithoutRecompiling()
    {
        var compiled = _harness.Compile("cached.cs", PluginHarness.Usings + PluginHarness.RawTool("Cached", "cached", "\"from cache\""));

        var cached = PluginBuild.FromImage(compiled.FilePath, compiled.Image, compiled.Pdb);
        var plugin = _harness.Loader.Load(cached);

        Assert.That(cached.AssemblyName, Is.EqualTo(compiled.AssemblyName));
        Assert.That((await PluginHarness.RunAsync(plugin.Tools.Single())).Output, Is.EqualTo("from cache"));
        plugin.Unload();
    }

    [Test]
    public void FromImage_WithoutTypeLocations_PointsDiagnosticsNearTheClassFromThePdb()
    {
        var compiled = _harness.Compile("needy.cs", PluginHarness.Usings + PluginHarness.RawTool("Needy", "needy", constructor: "public Needy(TimeProvider clock) { }"));

        var plugin = _harness.Loader.Load(PluginBuild.FromImage(compiled.FilePath, compiled.Image, compiled.Pdb));

        var warning = plugin.Diagnostics.Single();
        Assert.That((warning.FilePath, warning.Code), Is.EqualTo((compiled.FilePath, PluginDiagnosticCodes.UnmetConstructorParameter)));
        Assert.That(warning.Line, Is.InRange(ClassLine, ClassLine + 3));
    }
}
