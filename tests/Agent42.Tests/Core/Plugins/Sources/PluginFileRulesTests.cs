using Agent42.Core.Plugins.Sources;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins.Sources;

public sealed class PluginFileRulesTests
{
    [TestCase("weather.cs", true)]
    [TestCase("weather.csx", true)]
    [TestCase("Weather.CS", true)]
    [TestCase("_helpers.csx", false)]
    [TestCase(".hidden.cs", false)]
    [TestCase("weather.cs~", false)]
    [TestCase("weather.cs.swp", false)]
    [TestCase(".weather.cs.swp", false)]
    [TestCase("#weather.cs#", false)]
    [TestCase("weather.cs.bak", false)]
    [TestCase("weather.cs.orig", false)]
    [TestCase("weather.cs.tmp", false)]
    [TestCase("4913", false)]
    [TestCase("weather.txt", false)]
    [TestCase("weather.csproj", false)]
    public void IsToolSource_FollowsTheDiscoveryRules(string name, bool expected)
    {
        Assert.That(PluginFileRules.IsToolSource("/tools/" + name), Is.EqualTo(expected));
    }

    [TestCase("_helpers.csx", true)]
    [TestCase("_shared.cs", true)]
    [TestCase("_notes.txt", false)]
    [TestCase("weather.cs", false)]
    public void IsLoadableHelper_IsUnderscoreSources(string name, bool expected)
    {
        Assert.That(PluginFileRules.IsLoadableHelper("/tools/" + name), Is.EqualTo(expected));
    }

    [Test]
    public void Discover_ListsToolSourcesOnlyAtTheTopLevel_OrderedByPath()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "b.cs", "a.csx", "_skip.cs", ".skip.cs", "x.txt", "sub/nested.cs" })
        {
            dir.Write(name, "");
        }

        var found = PluginFileRules.Discover(dir.Path).Select(Path.GetFileName);

        Assert.That(found, Is.EqualTo(new[] { "a.csx", "b.cs" }));
    }

    [Test]
    public void Discover_OfAMissingDirectory_IsEmpty()
    {
        Assert.That(PluginFileRules.Discover("/no/such/dir/agent42"), Is.Empty);
    }
}
