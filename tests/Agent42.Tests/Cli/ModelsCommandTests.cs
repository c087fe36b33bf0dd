using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Tests.Core.Models.Catalog;

namespace Agent42.Tests.Cli;

public sealed class ModelsCommandTests : IAsyncDisposable
{
    private readonly CliRun _cli = new();
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _cli.Dispose();
    }

    [Test]
    public async Task ListOnAFirstRunWithoutNetwork_ShowsTheShippedSnapshot()
    {
        var outcome = await _cli.RunAsync("models", "list", "--free", "--tools", "--json");

        using var json = JsonDocument.Parse(outcome.Out);
        var first = json.RootElement[0];
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(19));
            Assert.That(first.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "key", "id", "name", "context_length", "tier", "tools", "reasoning", "status", "status_since" }));
            Assert.That(first.GetProperty("key").GetString(), Does.StartWith("or-free-"));
            Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("available"));
        });
    }

    [Test]
    public async Task Sync_AgainstTheConfiguredBaseUrl_ReportsChangesAndListShowsStatuses()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"), CatalogJson.Model("acme/old:free", tools: false));
        var first = await _cli.RunAsync("models", "sync");
        _server.ModelsBody = CatalogJson.Catalog((JsonNode)CatalogJson.Model("acme/rocket:free"));

        var second = await _cli.RunAsync("models", "sync", "--json");
        var list = await _cli.RunAsync("models", "list");

        using var report = JsonDocument.Parse(second.Out);
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Error);
            Assert.That(first.Out, Does.StartWith($"synced 2 models from {_server.BaseUrl}/models: 2 free available, 1 with tool support"));
            Assert.That(first.Out, Does.Contain("new (2): or-free-old, or-free-rocket"));
            Assert.That(report.RootElement.GetProperty("vanished")[0].GetString(), Is.EqualTo("or-free-old"));
            Assert.That(list.Out, Does.Match(@"or-free-old\s+acme/old:free\s+131072\s+no\s+no\s+missing since \d{4}-\d\d-\d\d"));
            Assert.That(list.Out, Does.Match(@"or-free-rocket\s+acme/rocket:free\s+131072\s+yes\s+no\s+available"));
        });
    }

    [Test]
    public async Task Sync_WhenTheApiFails_ExitsOneSayingWhyAndWhatIsUsed()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _server.Status = 503;

        var outcome = await _cli.RunAsync("models", "sync");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.Out, Does.StartWith($"not synced ({_server.BaseUrl}/models answered HTTP 503 Service Unavailable); using the snapshot 2026-05-01: 30 free available, 19 with tool support"));
        });
    }

    [Test]
    public async Task ABadBaseUrl_StopsStartUpNamingTheVariable()
    {
        _cli.Environment["OPENROUTER_BASE_URL"] = "not a url";

        var outcome = await _cli.RunAsync("models", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.Error, Is.EqualTo("error: OPENROUTER_BASE_URL must be an absolute http or https URL; got 'not a url'\n"));
        });
    }
}
