using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Routing;

public sealed class ProviderRegistrySourceTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
    private ModelCatalogStore _store = null!;

    public void Dispose() => _data.Dispose();

    private ProviderRegistrySource CreateSut()
    {
        _store = new ModelCatalogStore(_data.Path, TimeProvider.System, NullLogger<ModelCatalogStore>.Instance);
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = "http://127.0.0.1:1/api/v1" }, _store,
            TimeProvider.System, NullLogger<ModelCatalogSync>.Instance);
        return new ProviderRegistrySource(catalog, _configuration, _store.FilePath);
    }

    private void SaveCatalog(params string[] keys) =>
        _store.Save(new ModelCatalogFile(ModelCatalogFile.CurrentSchemaVersion, DateTimeOffset.UtcNow, "test", keys.Select(k => RoutingTestData.Model(k)).ToArray()));

    [Test]
    public void WhileNothingChanges_TheSameRegistryIsGiven()
    {
        var sut = CreateSut();
        SaveCatalog("or-free-a");

        var first = sut.Current();

        Assert.That(sut.Current(), Is.SameAs(first));
    }

    [Test]
    public void ANewCatalogFile_IsSeenByTheNextCall()
    {
        var sut = CreateSut();
        SaveCatalog("or-free-a");
        var before = sut.Current();
        SaveCatalog("or-free-a", "or-free-bigger-name");

        Assert.Multiple(() =>
        {
            Assert.That(before.Resolve("or-free-bigger-name"), Is.Null);
            Assert.That(sut.Current().Resolve("or-free-bigger-name"), Is.Not.Null);
        });
    }

    [Test]
    public void ChangedLocalModels_AreSeenByTheNextCall()
    {
        var sut = CreateSut();
        SaveCatalog("or-free-a");
        var before = sut.Current();
        _configuration[LocalModels.Variable] = "local-llama=llama3.1:8b";

        Assert.Multiple(() =>
        {
            Assert.That(before.Resolve("local-llama"), Is.Null);
            Assert.That(sut.Current().Resolve("local-llama")?.ProviderModelId, Is.EqualTo("llama3.1:8b"));
        });
    }
}
