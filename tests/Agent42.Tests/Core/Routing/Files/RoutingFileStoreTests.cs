using Agent42.Core.Routing.Files;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Routing.Files;

/// <summary>The routing file: a damaged one is kept before a rerank replaces it, and named until then.</summary>
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
}
