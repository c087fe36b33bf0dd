using System.Reflection;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Loading;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Plugins.Loading;

public sealed class PluginLoadContextTests
{
    [Test]
    public void LoadFromAssemblyName_Sdk_IsTheHostsOwn()
    {
        var context = new PluginLoadContext("test", PluginReferenceSet.Default.AssemblyNames);
        try
        {
            var sdk = context.LoadFromAssemblyName(typeof(Tool).Assembly.GetName());

            Assert.That(sdk, Is.SameAs(typeof(Tool).Assembly));
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void LoadFromAssemblyName_HostAssembly_IsRefused()
    {
        var context = new PluginLoadContext("test", PluginReferenceSet.Default.AssemblyNames);
        try
        {
            // Agent42.Core is loaded in the default context; falling back to it would succeed.
            Assert.Throws<FileNotFoundException>(() => context.LoadFromAssemblyName(new AssemblyName("Agent42.Core")));
        }
        finally
        {
            context.Unload();
        }
    }
}
