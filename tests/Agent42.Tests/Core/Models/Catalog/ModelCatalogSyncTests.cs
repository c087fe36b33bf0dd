using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>Catalog sync over real HTTP against a fake OpenRouter on 127.0.0.1, into a real data directory.</summary>
public sealed class ModelCatalogSyncTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    // The daily history starts before the default clock; that test winds its own clock forward from here.
    private static readonly DateTimeOffset BeforeHistory = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
        _data.Dispose();
    }

    private async Task<ModelCatalogSync> CreateSutAsync(int timeoutSeconds = 30)
    {
        _server ??= await FakeOpenRouter.StartAsync();
        return CreateSut(_server.BaseUrl, timeoutSeconds);
    }

    private ModelCatalogSync CreateSut(string baseUrl, int timeoutSeconds = 30) =>
        new(_http, new ModelCatalogOptions { BaseUrl = baseUrl, TimeoutSeconds = timeoutSeconds },
            new ModelCatalogStore(_data.Path, _time, NullLogger<ModelCatalogStore>.Instance), _time, NullLogger<ModelCatalogSync>.Instance);

    private static string RealSnapshotJson()
    {
        using var stream = typeof(ModelCatalogSnapshot).Assembly.GetManifestResourceStream(ModelCatalogSnapshot.ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Test]
    public async Task Sync_OfTheRealCatalog_StoresTheThirtyFreeModelsAtomically()
    {
        var sut = await CreateSutAsync();
        _server!.ModelsBody = RealSnapshotJson();

        var report = await sut.SyncAsync(CancellationToken.None);

        var file = JsonDocument.Parse(File.ReadAllText(_data.Combine(ModelCatalogStore.FileName))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True, report.Problem);
            Assert.That(report.CatalogSize, Is.EqualTo(371));
            Assert.That(report.Available, Is.EqualTo(30));
            Assert.That(report.AvailableWithTools, Is.EqualTo(19));
            Assert.That(report.Changes.Added, Has.Count.EqualTo(30));
            Assert.That(file.GetProperty("schema_version").GetInt32(), Is.EqualTo(1));
            Assert.That(file.GetProperty("fetched_at").GetDateTimeOffset(), Is.EqualTo(_time.GetUtcNow()));
            Assert.That(file.GetProperty("models").GetArrayLength(), Is.EqualTo(30));
            Assert.That(Directory.GetFiles(_data.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { ModelCatalogStore.FileName, ModelCatalogStore.FileName + ".lock" }),
                "no temp file left behind, only the file and its lock");
        });
    }

    [TestCase(500, "{\"error\":{\"code\":500,\"message\":\"Internal\"}}", "answered HTTP 500")]
    [TestCase(200, "<html>maintenance</html>", "the response is not JSON")]
    [TestCase(200, "{\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}", "no \"data\" array")]
    public async Task Sync_WhenTheApiAnswersBadly_KeepsTheCacheAndSaysWhy(int status, string body, string expected)
    {
        var sut = await CreateSutAsync();
        _server!.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("a/kept:free"));
        await sut.SyncAsync(CancellationToken.None);
        var before = File.ReadAllText(_data.Combine(ModelCatalogStore.FileName));
        (_server.Status, _server.ModelsBody) = (status, body);

        var report = await sut.SyncAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.Problem, Does.Contain(expected));
            Assert.That(report.Models.Single().Key, Is.EqualTo("or-free-kept"));
            Assert.That(report.Source, Does.StartWith("cache from 2026-05-01"));
            Assert.That(File.ReadAllText(_data.Combine(ModelCatalogStore.FileName)), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Sync_WhenNothingListens_FallsBackToTheShippedSnapshotOnAFirstRun()
    {
        var sut = CreateSut("http://127.0.0.1:1/api/v1");

        var report = await sut.SyncAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.Problem, Does.StartWith("http://127.0.0.1:1/api/v1/models could not be reached"));
            Assert.That(report.Source, Is.EqualTo("snapshot 2026-05-01"));
            Assert.That(report.Available, Is.EqualTo(30));
            Assert.That(File.Exists(_data.Combine(ModelCatalogStore.FileName)), Is.False, "the snapshot is not written as if fetched");
        });
    }

    [Test]
    public async Task Sync_WhenTheApiHangs_GivesUpAfterTheTimeout()
    {
        var sut = await CreateSutAsync(timeoutSeconds: 5);
        _server!.Hang = true;

        var sync = sut.SyncAsync(CancellationToken.None);
        for (var i = 0; i < 2000 && !sync.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            await Task.Delay(2);
        }

        var report = await sync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(report.Problem, Does.EndWith("did not answer within 5 s (MODEL_CATALOG_TIMEOUT_SECONDS)"));
    }

    [Test]
    public async Task Current_WithACorruptCacheFile_KeepsItAsideAndUsesTheSnapshot()
    {
        _data.Write(ModelCatalogStore.FileName, "{ \"schema_version\": 1, \"models\": [ {\"key\": ");
        var sut = CreateSut("http://127.0.0.1:1/api/v1");

        var current = sut.Current();

        Assert.Multiple(() =>
        {
            Assert.That(current.Source, Is.EqualTo("snapshot 2026-05-01"));
            Assert.That(Directory.GetFiles(_data.Path, ModelCatalogStore.FileName + ".corrupt-*"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task IsDue_AfterTheRefreshInterval()
    {
        var sut = await CreateSutAsync();
        var dueBefore = sut.IsDue();
        await sut.SyncAsync(CancellationToken.None);
        var dueAfter = sut.IsDue();
        _time.Advance(TimeSpan.FromHours(24));

        Assert.Multiple(() =>
        {
            Assert.That(dueBefore, Is.True);
            Assert.That(dueAfter, Is.False);
            Assert.That(sut.IsDue(), Is.True);
        });
    }

    [Test]
    public async Task Sync_AcrossTheRealDailyFreeHistory_TracksEveryModelAndItsComingsAndGoings()
    {
        var history = JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "openrouter", "free-ids-by-day-2026.json")))!["days"]!.AsObject();
        _time.AdjustTime(BeforeHistory);
        var sut = await CreateSutAsync();
        var everSeen = new HashSet<string>(StringComparer.Ordinal);
        var vanishings = 0;
        foreach (var (date, day) in history.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var ids = day!["free_ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();
            everSeen.UnionWith(ids);
            _time.SetUtcNow(DateTimeOffset.Parse(date + "T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            _server!.ModelsBody = CatalogJson.Catalog(ids.Select(id => (JsonNode)CatalogJson.Model(id)).ToArray());

            var report = await sut.SyncAsync(CancellationToken.None);

            vanishings += report.Changes.Vanished.Count;
            var available = report.Models.Where(m => m.IsRoutable).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            Assert.That(available, Is.EquivalentTo(ids), $"available on {date}");
            Assert.That(report.Models.Select(m => m.Id), Is.EquivalentTo(everSeen), $"history kept on {date}");
            Assert.That(report.Models.Where(m => m.Status == ModelStatus.Missing).All(m => m.StatusSince <= _time.GetUtcNow()), Is.True);
        }

        var final = sut.Current().Models;
        Assert.Multiple(() =>
        {
            Assert.That(everSeen, Has.Count.EqualTo(50), "the reference page counts 50 distinct free ids");
            Assert.That(final.Select(m => m.Key).Distinct().Count(), Is.EqualTo(final.Count), "keys are unique");
            Assert.That(vanishings, Is.GreaterThan(10), "the history has real churn");
        });
    }
}
