using Agent42.Core.Http;
using Agent42.Core.Models.Research;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Research;

/// <summary>Research without a network says so once, briefly; a source that answered badly is still named.</summary>
public sealed class ModelResearcherOfflineTests : IDisposable
{
    private const string Closed = "http://127.0.0.1:1";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(ResearchTestModels.Date);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TestLogger<ModelResearcher> _logger = new();
    private readonly OfflineNotice _notice = new();

    public void Dispose()
    {
        _http.Dispose();
        _data.Dispose();
    }

    private ModelResearcher CreateSut(ModelResearchOptions options) => new(
        _http, options, new ConfigurationBuilder().AddInMemoryCollection().Build(),
        new ModelResearchStore(_data.Path, _time, NullLogger<ModelResearchStore>.Instance),
        (_, _) => Task.FromResult("[]"), ResearchTestModels.Snapshot, _time, _logger, _notice);

    [Test]
    public async Task EverySourceUnreachable_SaysOfflineOnce_AcrossRunsAndResearchers()
    {
        var options = new ModelResearchOptions
        {
            OpenRouterBaseUrl = Closed + "/api/v1",
            LmArenaUrl = Closed + "/arena.csv",
            Pages = Closed + "/a," + Closed + "/b",
            TimeoutSeconds = 5,
        };

        var report = await CreateSut(options).RunAsync(CancellationToken.None);
        await CreateSut(options).RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_logger.Messages(LogLevel.Warning), Is.EqualTo(new[] { "research: offline; using the saved scores" }));
            Assert.That(report.Sources.Where(s => !s.Skipped).SelectMany(s => s.Problems), Has.All.Contain("could not be reached"),
                "the report still says what each source did");
        });
    }

    [Test]
    public async Task ASourceThatAnsweredBadly_IsStillNamed_BesideTheBriefOfflineLine()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.Run(context => LocalHttpServer.WriteAsync(context, 500, "boom")));
        var options = new ModelResearchOptions
        {
            OpenRouterBaseUrl = server.Url("api/v1").ToString(),
            LmArenaUrl = Closed + "/arena.csv",
            TimeoutSeconds = 5,
        };

        await CreateSut(options).RunAsync(CancellationToken.None);

        var warnings = _logger.Messages(LogLevel.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Has.Some.Match("^Model research source openrouter.*HTTP 500"));
            Assert.That(warnings, Has.One.EqualTo("research: lmarena unreachable; using the saved scores"));
            Assert.That(warnings, Has.None.Contain("127.0.0.1:1"));
        });
    }
}
