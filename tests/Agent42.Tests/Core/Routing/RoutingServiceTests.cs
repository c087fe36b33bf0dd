using Agent42.Core.Agent;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Routing;

public sealed class RoutingServiceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static AgentRunResult Result(string task) => new(task, "task", TaskType.Coding, "answer", true, "approved", "or-free-a", null, 1, 8, 0.9,
        100, 20, TimeSpan.FromMilliseconds(100), 0, new Dictionary<ModelFailureKind, int>(), []);

    [Test]
    public async Task ItsRunningSums_FollowItsOwnRecords_AndSeeLinesAnotherProcessAppended()
    {
        var configuration = new ConfigurationBuilder().Build();
        var catalog = new ModelCatalogSync(new HttpClient(), new ModelCatalogOptions { BaseUrl = "http://127.0.0.1:1/api/v1" },
            new ModelCatalogStore(_data.Path, TimeProvider.System, NullLogger<ModelCatalogStore>.Instance), TimeProvider.System, NullLogger<ModelCatalogSync>.Instance);
        var store = new RoutingFileStore(_data.Combine("dynamic_routing.json"), NullLogger.Instance);
        var options = new RoutingOptions();
        var recorder = new OutcomeRecorder(_data.Path, TimeProvider.System);
        var sut = new RoutingService(catalog, new ModelRouter(configuration, store, new ModelCooldowns(TimeProvider.System), options), store, options,
            configuration, recorder.OutcomePath, TimeProvider.System);

        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t1"), CancellationToken.None));
        var afterOwn = sut.Stats().Count;
        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t2"), CancellationToken.None));
        // Another agent42 process appends to the same log...
        await new OutcomeRecorder(_data.Path, TimeProvider.System).RecordAsync(Result("other"), CancellationToken.None);
        // ...before this one records again.
        sut.OutcomeRecorded(await recorder.RecordAsync(Result("t3"), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(afterOwn, Is.EqualTo(1));
            Assert.That(sut.Stats().Count, Is.EqualTo(4));
            Assert.That(sut.Stats().Rank(TaskType.Coding, "or-free-a", null, 5).Samples, Is.EqualTo(4));
        });
    }
}
