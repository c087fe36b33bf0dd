using System.IO.Abstractions.TestingHelpers;
using Agent42.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary><c>model_catalog.json</c>'s rules on a mock file system: merge on update, what is refused and kept aside.</summary>
public sealed class ModelCatalogStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 8, 7, 6, TimeSpan.Zero);
    private static readonly string Path = MockFiles.Data + "/" + ModelCatalogStore.FileName;
    private static readonly string Kept = Path + ".corrupt-20261201T090807006";

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogger<ModelCatalogStore> _logger = new();
    private readonly MockFileSystem _fs;

    public ModelCatalogStoreTests() => _fs = MockFiles.On(_time);

    private ModelCatalogStore CreateSut() => new(MockFiles.Data, _time, _logger, _fs);

    private static KnownModel Model(string key) =>
        new(key, key + ":free", key, key, 131072, true, false, ModelStatus.Available, Now, Now, Now);

    [Test]
    public void NoFile_IsTheEmptyCatalog()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CreateSut().Load(), Is.SameAs(ModelCatalogFile.Empty));
            Assert.That(_fs.AllFiles, Is.Empty);
        });
    }

    [Test]
    public void Save_ThenLoad_GivesTheCatalogBack_AtTheDataDirectorysPath()
    {
        var file = ModelCatalogFile.Empty with { FetchedAt = Now, Source = "openrouter", Models = [Model("a/one")] };

        CreateSut().Save(file);

        Assert.Multiple(() =>
        {
            Assert.That(CreateSut().FilePath, Is.EqualTo(Path));
            Assert.That(CreateSut().Load().Models.Single(), Is.EqualTo(file.Models[0]));
            Assert.That(_fs.AllFiles, Is.EqualTo(new[] { Path }));
        });
    }

    [Test]
    public void Update_FoldsIntoWhatAnotherSyncWrote()
    {
        var first = CreateSut();
        var second = CreateSut();
        var stale = second.Load();

        first.Update(f => f with { Models = [.. f.Models, Model("a/one")] });
        second.Update(f => f with { Models = [.. f.Models, Model("b/two")] });

        Assert.Multiple(() =>
        {
            Assert.That(stale.Models, Is.Empty);
            Assert.That(CreateSut().Load().Models.Select(m => m.Key), Is.EqualTo(new[] { "a/one", "b/two" }));
        });
    }

    [TestCase("{\"schema_version\": 2, \"source\": \"x\", \"models\": []}", "schema version 2 is newer than this Agent42 understands")]
    [TestCase("{\"schema_version\": 1, \"source\": \"x\"}", "a model entry has no key or id")]
    [TestCase("{\"schema_version\": 1, \"source\": \"x\", \"models\": [null]}", "a model entry has no key or id")]
    [TestCase("{\"schema_version\": 1, \"source\": \"x\", \"models\": [{\"key\": \"\", \"id\": \"a\"}]}", "a model entry has no key or id")]
    [TestCase("{\"schema_version\": 1, \"source\": \"x\", \"models\": [{\"key\": \"a\"}]}", "a model entry has no key or id")]
    [TestCase("{\"schema_version\": 1, \"models\": [", "")]
    public void ACatalogThatIsRefused_IsKeptAsCorruptOnTheFakeClock_WithAWarning_AndTheEmptyCatalogUsed(string content, string why)
    {
        _fs.AddFile(Path, new MockFileData(content));

        var loaded = CreateSut().Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.SameAs(ModelCatalogFile.Empty));
            Assert.That(_fs.File.Exists(Path), Is.False);
            Assert.That(_fs.File.ReadAllText(Kept), Is.EqualTo(content));
            Assert.That(_logger.Messages(LogLevel.Warning).Single(), Does.Contain(why).And.Contain(Kept));
        });
    }

    [Test]
    public void ARefusedCatalog_IsNamedByTheQuarantineCheck_UntilAGoodOneIsWritten()
    {
        _fs.AddFile(Path, new MockFileData("{ bad"));
        var check = new Agent42.Core.Storage.QuarantineCheck(Path, "the model catalog", "the snapshot is used", "agent42 models sync", _fs);
        CreateSut().Load();
        var named = check.Check().ToArray();

        _time.Advance(TimeSpan.FromSeconds(1));
        CreateSut().Update(f => f with { Models = [Model("a/one")] });

        Assert.Multiple(() =>
        {
            Assert.That(named.Single().What, Does.Contain("model_catalog.json.corrupt-20261201T090807006"));
            Assert.That(check.Check(), Is.Empty);
        });
    }
}
