using System.Text.Json;
using Agent42.Core.Plugins.Loading;
using Agent42.Sdk;
using NSubstitute;

namespace Agent42.Tests.Core.Plugins.Loading;

public sealed class ToolActivatorTests
{
    private readonly ToolContext _context = new()
    {
        Sandbox = Substitute.For<IWorkspaceSandbox>(),
        CommandFilter = Substitute.For<ICommandFilter>(),
        TaskQueue = Substitute.For<ITaskQueue>(),
        Workspace = "/work/space",
        ToolRegistry = Substitute.For<IToolRegistry>(),
        LoggerFactory = _ => Substitute.For<IToolLogger>(),
    };

    public abstract class TestToolBase : Tool
    {
        public override string Name => "probe";

        public override string Description => "probe";

        public override JsonElement Parameters => JsonDocument.Parse("""{"type":"object"}""").RootElement;

        public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
            Task.FromResult(ToolResult.Ok(string.Empty));
    }

    public sealed class WantsEverything(
        IWorkspaceSandbox sandbox,
        ICommandFilter filter,
        ITaskQueue queue,
        IToolRegistry registry,
        IToolLogger logger,
        ToolContext context,
        string workspace) : TestToolBase
    {
        public object[] Received { get; } = [sandbox, filter, queue, registry, logger, context, workspace];
    }

    public sealed class WantsNothing : TestToolBase;

    public sealed class WantsAnInt(int count) : TestToolBase
    {
        public int Count { get; } = count;
    }

    public sealed class WantsAnotherString(string home) : TestToolBase
    {
        public string Home { get; } = home;
    }

    public sealed class Throws : TestToolBase
    {
        public Throws() => throw new InvalidOperationException("no licence key");
    }

    public sealed class TwoConstructors : TestToolBase
    {
        public TwoConstructors() => Used = "none";

        public TwoConstructors(IWorkspaceSandbox sandbox) => Used = sandbox is null ? "null" : "sandbox";

        public string Used { get; }
    }

    [Test]
    public void Create_InjectsEveryServiceTheConstructorNames()
    {
        var activation = ToolActivator.Create(typeof(WantsEverything), _context);

        var tool = (WantsEverything)activation.Tool!;
        Assert.Multiple(() =>
        {
            Assert.That(activation.Error, Is.Null);
            Assert.That(tool.Received[0], Is.SameAs(_context.Sandbox));
            Assert.That(tool.Received[1], Is.SameAs(_context.CommandFilter));
            Assert.That(tool.Received[2], Is.SameAs(_context.TaskQueue));
            Assert.That(tool.Received[3], Is.SameAs(_context.ToolRegistry));
            Assert.That(tool.Received[4], Is.InstanceOf<IToolLogger>());
            Assert.That(tool.Received[5], Is.SameAs(_context));
            Assert.That(tool.Received[6], Is.EqualTo("/work/space"));
        });
    }

    [Test]
    public void Create_WithParameterlessConstructor_Works()
    {
        Assert.That(ToolActivator.Create(typeof(WantsNothing), _context).Tool, Is.InstanceOf<WantsNothing>());
    }

    [TestCase(typeof(WantsAnInt), "constructor parameter 'count' of type Int32 cannot be provided")]
    [TestCase(typeof(WantsAnotherString), "constructor parameter 'home' of type String cannot be provided")]
    public void Create_WhenAParameterCannotBeMet_SkipsTheToolNamingTheParameter(Type type, string expected)
    {
        var activation = ToolActivator.Create(type, _context);

        Assert.Multiple(() =>
        {
            Assert.That(activation.Tool, Is.Null);
            Assert.That(activation.Error, Does.Contain(expected).And.Contain("a tool may ask for IWorkspaceSandbox"));
        });
    }

    [Test]
    public void Create_WhenTheConstructorThrows_ReportsItsMessage()
    {
        var activation = ToolActivator.Create(typeof(Throws), _context);

        Assert.That(activation.Error, Is.EqualTo("Throws: constructor threw InvalidOperationException: no licence key"));
    }

    [Test]
    public void Create_WithSeveralConstructors_UsesTheRichest()
    {
        var tool = (TwoConstructors)ToolActivator.Create(typeof(TwoConstructors), _context).Tool!;

        Assert.That(tool.Used, Is.EqualTo("sandbox"));
    }

    [Test]
    public void Create_ForAnAbstractType_Fails()
    {
        Assert.That(ToolActivator.Create(typeof(TestToolBase), _context).Error, Does.Contain("is not a concrete Tool"));
    }
}
