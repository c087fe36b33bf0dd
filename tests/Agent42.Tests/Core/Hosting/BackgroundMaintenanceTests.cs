using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Core.Models.Research;
using Agent42.Core.Routing.Files;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Hosting;

public sealed class BackgroundMaintenanceTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeOpenRouter _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Test]
    public async Task RunDue_SyncsTheCatalog_Researches_AndReranks_AndAFailingJobDoesNotStopTheOthers()
    {
        _server = await FakeOpenRouter.StartAsync();
        _server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"));
        var http = new HttpClient();
        var catalog = new ModelCatalogSync(http, new ModelCatalogOptions { BaseUrl = _server.BaseUrl },
            new ModelCatalogStore(_data.Path, _time, NullLogger<ModelCatalogStore>.Instance), _time, NullLogger<ModelCatalogSync>.Instance);
        var researchStore = new ModelResearchStore(_data.Path, _time, NullLogger<ModelResearchStore>.Instance);
        var configuration = new ConfigurationBuilder().Build();
        var researcher = new ModelResearcher(http, new ModelResearchOptions { OpenRouterBaseUrl = "http://127.0.0.1:1/api/v1" }, configuration, researchStore,
            (_, _) => throw new InvalidOperationException("no model in this test"), [("acme/rocket:free", "acme/rocket")], _time,
            NullLogger<ModelResearcher>.Instance);
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var options = new RoutingOptions { RerankEveryTasks = 1 };
        var routing = new RoutingService(catalog, new ModelRouter(configuration, store, new ModelCooldowns(_time), options), store, options,
            configuration, new OutcomeLogWriter(_data.Combine("outcomes.jsonl")), _time, researchStore);
        _data.Write("outcomes.jsonl", """{"task_id":"t1","task_type":"coding","model_key":"or-free-rocket","success":true,"iterations":1,"max_iterations":8,"critic_score":0.9,"prompt_tokens":100,"completion_tokens":20,"latency_ms":900,"recorded_at":"2026-05-01T11:00:00+00:00"}""" + "\n");
        await using var sut = new BackgroundMaintenance(catalog, researcher, routing, _time, NullLogger<BackgroundMaintenance>.Instance);

        await sut.RunDueAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(_data.Combine(ModelCatalogStore.FileName)), Is.True, "the catalog was due and synced");
            Assert.That(researchStore.Load().LastResearch, Is.Not.Null, "research ran, though its sources failed");
            Assert.That(File.Exists(_data.Combine("dynamic_routing.json")), Is.True, "a new outcome, with MODEL_RERANK_EVERY_TASKS=1: reranked");
            Assert.That(catalog.IsDue(), Is.False);
            Assert.That(researcher.IsDue(), Is.False);
            Assert.That(routing.RerankDue(), Is.False);
        });
    }
}
