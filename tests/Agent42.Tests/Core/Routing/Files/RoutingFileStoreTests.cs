using System.IO.Abstractions.TestingHelpers;
using Agent42.Core.Routing.Files;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Routing.Files;

/// <summary>The routing file: a damaged one is kept before a rerank replaces it, and named until then. The store's own rules also run on a mock file system.</summary>
[TestFixture]
internal sealed class RoutingFileStoreTests
{
    [Test]
    public void Save_OverADamagedFile_KeepsACopyFirst_AndTheCheckClears()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("dynamic_routing.json", "{ \"routing\": tru");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 8, 7, TimeSpan.Zero));
        var store = new RoutingFileStore(path, new TestLogger<RoutingFileStoreTests>(), clock);
        var check = new RoutingFileCheck(path);
        var before = check.Check().ToArray();

        store.Save(new RoutingFile(clock.GetUtcNow(), new Dictionary<string, RoutingEntry>(), new Dictionary<string, TrialEntry>()));

        Assert.Multiple(() =>
        {
            Assert.That(before.Single().What, Does.StartWith("the learned routing cannot be read"));
            Assert.That(File.ReadAllText(temp.Combine("dynamic_routing.json.corrupt-20261201T090807000")), Is.EqualTo("{ \"routing\": tru"));
            Assert.That(store.Current(), Is.Not.Null);
            Assert.That(check.Check(), Is.Empty);
        });
    }

    [Test]
    public void Save_OverAGoodFile_KeepsNoCopy()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("dynamic_routing.json");
        var store = new RoutingFileStore(path, new TestLogger<RoutingFileStoreTests>());

        store.Save(new RoutingFile(DateTimeOffset.UnixEpoch, new Dictionary<string, RoutingEntry>(), new Dictionary<string, TrialEntry>()));
        store.Save(new RoutingFile(DateTimeOffset.UnixEpoch, new Dictionary<string, RoutingEntry>(), new Dictionary<string, TrialEntry>()));

        Assert.That(Directory.GetFiles(temp.Path, "*.corrupt-*"), Is.Empty);
    }

    private const string MockPath = MockFiles.Data + "/dynamic_routing.json";

    private static RoutingFile Routing(DateTimeOffset at) => new(at, new Dictionary<string, RoutingEntry>(), new Dictionary<string, TrialEntry>());

    [Test]
    public void OnAMock_SaveOverADamagedFile_KeepsACopyNamedOnTheFakeClock_ThenWritesTheNewOne()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 8, 7, 6, TimeSpan.Zero));
        var fs = MockFiles.On(clock);
        fs.AddFile(MockPath, new MockFileData("{ \"routing\": tru"));
        var logger = new TestLogger<RoutingFileStoreTests>();
        var store = new RoutingFileStore(MockPath, logger, clock, fs);

        store.Save(Routing(clock.GetUtcNow()));

        Assert.Multiple(() =>
        {
            Assert.That(fs.File.ReadAllText(MockPath + ".corrupt-20261201T090807006"), Is.EqualTo("{ \"routing\": tru"));
            Assert.That(store.Current()!.LastUpdated, Is.EqualTo(clock.GetUtcNow()));
            Assert.That(logger.Messages(LogLevel.Warning).Single(), Does.Contain(".corrupt-20261201T090807006"));
            Assert.That(fs.AllFiles, Is.EquivalentTo(new[] { MockPath, MockPath + ".corrupt-20261201T090807006" }), "no temp left");
        });
    }

    [Test]
    public void OnAMock_NoFile_IsNoRouting_AndARewriteIsPickedUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var fs = MockFiles.On(clock);
        var store = new RoutingFileStore(MockPath, new TestLogger<RoutingFileStoreTests>(), clock, fs);
        var none = store.Current();

        store.Save(Routing(clock.GetUtcNow()));
        var first = store.Current();
        clock.Advance(TimeSpan.FromMinutes(1));
        new RoutingFileStore(MockPath, new TestLogger<RoutingFileStoreTests>(), clock, fs).Save(Routing(clock.GetUtcNow()));

        Assert.Multiple(() =>
        {
            Assert.That(none, Is.Null);
            Assert.That(first!.LastUpdated, Is.EqualTo(clock.GetUtcNow() - TimeSpan.FromMinutes(1)));
            Assert.That(store.Current()!.LastUpdated, Is.EqualTo(clock.GetUtcNow()), "another writer's rerank is read again");
        });
    }

    [Test]
    public void OnAMock_ADamagedRewrite_KeepsTheLastGoodRouting_WithAWarning()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var fs = MockFiles.On(clock);
        var logger = new TestLogger<RoutingFileStoreTests>();
        var store = new RoutingFileStore(MockPath, logger, clock, fs);
        store.Save(Routing(clock.GetUtcNow()));
        var good = store.Current();

        clock.Advance(TimeSpan.FromMinutes(1));
        fs.File.WriteAllText(MockPath, "{ \"routing\": null }");

        Assert.Multiple(() =>
        {
            Assert.That(store.Current(), Is.SameAs(good));
            Assert.That(logger.Messages(LogLevel.Warning).Single(), Does.Contain("no \"routing\" object").And.Contain("the last good routing"));
            Assert.That(fs.File.ReadAllText(MockPath), Is.EqualTo("{ \"routing\": null }"), "reading never writes");
        });
    }

    [Test]
    public void OnAMock_ADirectoryAtThePath_IsRefusedOnSave_AndLeftThere()
    {
        var fs = new MockFileSystem();
        fs.AddDirectory(MockPath);
        var store = new RoutingFileStore(MockPath, new TestLogger<RoutingFileStoreTests>(), fileSystem: fs);

        Assert.Multiple(() =>
        {
            Assert.That(() => store.Save(Routing(DateTimeOffset.UnixEpoch)), Throws.TypeOf<Agent42.Core.Storage.StateFileException>().With.Message.Contains("is a directory"));
            Assert.That(fs.Directory.Exists(MockPath), Is.True);
        });
    }
}
