using Agent42.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Catalog;

public sealed class ModelCatalogSyncOfflineTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TestLogger<ModelCatalogSync> _logger = new();
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

    private ModelCatalogSync CreateSut(string baseUrl) => new(_http, new ModelCatalogOptions { BaseUrl = baseUrl, TimeoutSeconds = 5 },
        new ModelCatalogStore(_data.Path, _time, NullLogger<ModelCatalogStore>.Instance), _time, _logger);

    [Test]
    public async Task AnUnreachableCatalog_IsSaidBrieflyOnce()
    {
        var sut = CreateSut("http://127.0.0.1:1/api/v1");

        await sut.SyncAsync(CancellationToken.None);
        await sut.SyncAsync(CancellationToken.None);

        var messages = _logger.Entries.Select(e => e.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.EqualTo(1), string.Join("\n", messages));
            Assert.That(messages[0], Does.StartWith($"catalog: offline; using the snapshot {ModelCatalogSnapshot.Date} (").And.Not.Contain("127.0.0.1"));
        });
    }

    [Test]
    public async Task ACatalogThatAnswersAnError_IsNamedWithItsProblem()
    {
        _server = await FakeOpenRouter.StartAsync();
        _server.Status = 500;

        await CreateSut(_server.BaseUrl).SyncAsync(CancellationToken.None);

        Assert.That(_logger.Messages(LogLevel.Information), Has.One.Contains("could not be refreshed").And.Contains("HTTP 500"));
    }
}
