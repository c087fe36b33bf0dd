using System.Reflection;
using System.Text.Json;
using Agent42.Core.Hosting;
using Agent42.Core.Security;
using Agent42.Core.Tasks;
using Agent42.Core.Tools;

namespace Agent42.Tests.Architecture;

/// <summary>
/// Host service implementations cannot be built from plugin code, by class: no host type that implements an SDK
/// interface or derives from an SDK class (the sandbox, the command filter, the task queue, the registry, the tool
/// logger, the built-in tools) has a public constructor, so a serializer or activator handed its runtime type (a
/// host object's <c>GetType()</c>) finds nothing to call, even past the API policy that refuses those APIs.
/// </summary>
public sealed class HostServiceConstructorTests
{
    private static readonly Assembly Sdk = typeof(Agent42.Sdk.Tool).Assembly;

    private static readonly Assembly[] HostAssemblies = [typeof(Agent42ServiceCollectionExtensions).Assembly, typeof(Agent42.Cli.CliApp).Assembly];

    private static IEnumerable<Type> HostServiceTypes() => HostAssemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && (t.GetInterfaces().Any(i => i.Assembly == Sdk) || DerivesFromSdk(t)));

    private static bool DerivesFromSdk(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Assembly == Sdk)
            {
                return true;
            }
        }

        return false;
    }

    [Test]
    public void NoHostTypeThatImplementsTheSdk_HasAPublicConstructor()
    {
        var offenders = HostServiceTypes()
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Length > 0)
            .Select(t => t.FullName)
            .ToArray();

        Assert.That(offenders, Is.Empty, "make the constructor internal and register the service with a factory");
    }

    [Test]
    public void TheRule_SeesEveryServiceAToolIsHanded()
    {
        var seen = HostServiceTypes().ToHashSet();

        Assert.That(new[] { typeof(WorkspaceSandbox), typeof(CommandFilter), typeof(TaskQueue), typeof(ToolRegistry), typeof(ToolLogger) },
            Is.SubsetOf(seen), "a rule that checks nothing proves nothing");
    }

    [Test]
    public void ASerializerGivenTheSandboxsRuntimeType_CannotBuildOne()
    {
        var type = new WorkspaceSandbox(Path.GetTempPath()).GetType();

        Assert.Multiple(() =>
        {
            Assert.That(() => JsonSerializer.Deserialize("{\"root\":\"/\"}", type), Throws.InstanceOf<NotSupportedException>());
            Assert.That(() => Activator.CreateInstance(type, "/"), Throws.InstanceOf<MissingMethodException>());
        });
    }
}
