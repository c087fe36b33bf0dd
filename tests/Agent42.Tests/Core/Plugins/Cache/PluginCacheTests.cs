using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Plugins.Cache;

public sealed class PluginCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestLogger<PluginCache> _logger = new();

    public void Dispose() => _dir.Dispose();

    private PluginCache CreateSut() => new(_dir.Combine("cache"), new FakeTimeProvider(), _logger);

    private static CachedImage Image(string key, byte fill = 1) => new(key, "Plugin_" + key, [fill, fill, fill], [9, 9], ["Ns.GoodTool"],
        new Dictionary<string, PluginSourceLocation> { ["Ns.GoodTool"] = new("/tools/a|b.cs", 12, 5) }, [new CachedDependency("/tools/_x|y.csx", "D1")]);

    [Test]
    public void StoreThenTryGet_ReturnsTheSameBytes()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));

        var hit = sut.TryGet("/tools/a.cs", "k1");

        Assert.Multiple(() =>
        {
            Assert.That(hit, Is.Not.Null);
            Assert.That(hit!.Image, Is.EqualTo(new byte[] { 1, 1, 1 }));
            Assert.That(hit.Pdb, Is.EqualTo(new byte[] { 9, 9 }));
            Assert.That(hit.AssemblyName, Is.EqualTo("Plugin_k1"));
            Assert.That(hit.SchemaValidatedTypes, Is.EqualTo(new[] { "Ns.GoodTool" }));
            Assert.That(hit.TypeLocations["Ns.GoodTool"], Is.EqualTo(new PluginSourceLocation("/tools/a|b.cs", 12, 5)));
            Assert.That(hit.Dependencies, Is.EqualTo(new[] { new CachedDependency("/tools/_x|y.csx", "D1") }));
        });
    }

    [Test]
    public void TryGet_AnotherKeyOrAnotherPath_Misses()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));

        Assert.Multiple(() =>
        {
            Assert.That(sut.TryGet("/tools/a.cs", "k2"), Is.Null);
            Assert.That(sut.TryGet("/other/a.cs", "k1"), Is.Null);
        });
    }

    [Test]
    public void Store_ANewVersion_RemovesTheOldEntryOfThatFile_Only()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));
        sut.Store("/tools/b.cs", Image("k9"));

        sut.Store("/tools/a.cs", Image("k2"));

        Assert.Multiple(() =>
        {
            Assert.That(sut.TryGet("/tools/a.cs", "k1"), Is.Null);
            Assert.That(sut.TryGet("/tools/a.cs", "k2"), Is.Not.Null);
            Assert.That(sut.TryGet("/tools/b.cs", "k9"), Is.Not.Null);
            Assert.That(Directory.GetFiles(sut.Directory), Has.Length.EqualTo(6));
        });
    }

    [Test]
    public void TryGet_WhenTheImageWasDamaged_MissesDeletesTheEntryAndWarns()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));
        var dll = Directory.GetFiles(sut.Directory, "*.dll").Single();
        File.WriteAllBytes(dll, [1, 2]);

        var hit = sut.TryGet("/tools/a.cs", "k1");

        Assert.Multiple(() =>
        {
            Assert.That(hit, Is.Null);
            Assert.That(Directory.GetFiles(sut.Directory), Is.Empty);
            Assert.That(_logger.Messages(Microsoft.Extensions.Logging.LogLevel.Warning).Single(), Does.Contain("is unusable"));
        });
    }

    [Test]
    public void TryGet_WhenTheManifestIsGarbage_Misses()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));
        File.WriteAllText(Directory.GetFiles(sut.Directory, "*.manifest").Single(), "{ not a manifest");

        Assert.That(sut.TryGet("/tools/a.cs", "k1"), Is.Null);
    }

    [TestCase("agent42-plugin-cache 1\nkey: k1\n")]
    [TestCase("agent42-plugin-cache 1\nkey k1\n")]
    [TestCase("agent42-plugin-cache 9\n")]
    [TestCase("")]
    public void TryGet_WhenTheManifestIsIncomplete_Misses(string manifest)
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));
        File.WriteAllText(Directory.GetFiles(sut.Directory, "*.manifest").Single(), manifest);

        Assert.That(sut.TryGet("/tools/a.cs", "k1"), Is.Null);
    }

    [Test]
    public void TryGet_WhenThePdbIsMissing_Misses()
    {
        var sut = CreateSut();
        sut.Store("/tools/a.cs", Image("k1"));
        File.Delete(Directory.GetFiles(sut.Directory, "*.pdb").Single());

        Assert.That(sut.TryGet("/tools/a.cs", "k1"), Is.Null);
    }

    [Test]
    public void ComputeKey_ChangesWithSourceDependenciesAndEnvironment()
    {
        var key = PluginCache.ComputeKey("/t/a.csx", "H1", ["D1"], "sdk|policy|roslyn");

        Assert.Multiple(() =>
        {
            Assert.That(PluginCache.ComputeKey("/t/a.csx", "H1", ["D1"], "sdk|policy|roslyn"), Is.EqualTo(key));
            Assert.That(PluginCache.ComputeKey("/t/a.csx", "H2", ["D1"], "sdk|policy|roslyn"), Is.Not.EqualTo(key));
            Assert.That(PluginCache.ComputeKey("/t/a.csx", "H1", ["D2"], "sdk|policy|roslyn"), Is.Not.EqualTo(key));
            Assert.That(PluginCache.ComputeKey("/t/a.csx", "H1", ["D1"], "sdk|policy2|roslyn"), Is.Not.EqualTo(key));
            Assert.That(PluginCache.ComputeKey("/t/b.csx", "H1", ["D1"], "sdk|policy|roslyn"), Is.Not.EqualTo(key));
        });
    }

    [Test]
    public void Store_IntoAnUnwritableLocation_DoesNotThrow()
    {
        _dir.Write("cache", "a file where the cache directory should be");
        var sut = CreateSut();

        Assert.That(() => sut.Store("/tools/a.cs", Image("k1")), Throws.Nothing);
    }
}
