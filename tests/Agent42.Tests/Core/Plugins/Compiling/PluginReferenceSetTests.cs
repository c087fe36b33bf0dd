using Agent42.Core.Plugins.Compiling;
using Microsoft.CodeAnalysis;

namespace Agent42.Tests.Core.Plugins.Compiling;

public sealed class PluginReferenceSetTests
{
    [Test]
    public void Default_HoldsTheSdkAndEachFrameworkAssemblyOnce()
    {
        var paths = PluginReferenceSet.Default.References.OfType<PortableExecutableReference>().Select(r => r.FilePath!).ToList();
        var names = paths.Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Does.Contain("Agent42.Sdk").And.Contain("System.Private.CoreLib").And.Contain("System.Text.Json"));
        Assert.That(PluginReferenceSet.Default.AssemblyNames, Is.EquivalentTo(names));
    }

    [Test]
    public void Default_HoldsNothingOfTheHostBeyondTheSdk()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var paths = PluginReferenceSet.Default.References.OfType<PortableExecutableReference>().Select(r => r.FilePath!);

        Assert.That(paths.Where(p => Path.GetDirectoryName(p) != frameworkDirectory).Select(Path.GetFileName), Is.EqualTo(new[] { "Agent42.Sdk.dll" }));
    }
}
