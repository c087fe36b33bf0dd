using System.Collections.Concurrent;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Research;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Research;

/// <summary>Research runs over real HTTP against local stand-ins for every source, into a real data directory.</summary>
public sealed class ModelResearcherTests : IAsyncDisposable
{
    private const string LmArenaCsv = """
        model_name,organization,rating,category,leaderboard_publish_date
        gpt-oss-120b,OpenAI,1300,text,2026-04-20
        gemma-3-27b-it,Google,1200,text,2026-04-20
        nobody-knows-me,X,1100,text,2026-04-20
        """;

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(ResearchTestModels.Date);
    private readonly HttpClient _http = new();
    private readonly TestLogger<ModelResearcher> _logger = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _answers = new();
    private readonly ConcurrentQueue<string?> _apiKeys = new();
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
    private readonly List<string> _prompts = [];
    private LocalHttpServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
        _data.Dispose();
    }

    private string LlmAnswer { get; set; } = """[{"model":"gemma-3-27b-it","writing":0.9,"general":0.8}]""";

    private async Task<ModelResearchOptions> ServeAsync(string? apiKey = "secret")
    {
        _answers["/api/v1/models"] = (200, """{"data":[{"id":"openai/gpt-oss-120b:free","benchmarks":{"artificial_analysis":{"intelligence_index":60,"coding_index":50}}}]}""");
        _answers["/arena.csv"] = (200, LmArenaCsv);
        _answers["/api/v2/data/llms/models"] = (200, ArtificialAnalysisParserTests.Answer);
        _answers["/board"] = (200, "<html><script>x()</script><table><tr><td>Gemma 3 27B</td><td>1210</td></tr></table></html>");
        _server = await LocalHttpServer.StartAsync(app => app.Run(context =>
        {
            if (context.Request.Path == "/api/v2/data/llms/models")
            {
                _apiKeys.Enqueue(context.Request.Headers["x-api-key"].FirstOrDefault());
            }

            var (status, body) = _answers.TryGetValue(context.Request.Path.Value!, out var answer) ? answer : (404, "not found");
            return LocalHttpServer.WriteAsync(context, status, body);
        }));
        _configuration[ModelResearcher.ArtificialAnalysisKeyVariable] = apiKey;
        return new ModelResearchOptions
        {
            OpenRouterBaseUrl = _server.Url("api/v1").ToString(),
            ArtificialAnalysisBaseUrl = _server.BaseAddress.ToString(),
            LmArenaUrl = _server.Url("arena.csv").ToString(),
            Pages = _server.Url("board").ToString(),
            TimeoutSeconds = 5,
        };
    }

    private ModelResearcher CreateSut(ModelResearchOptions options, Func<string, CancellationToken, Task<string>>? llm = null) => new(
        _http, options, _configuration, new ModelResearchStore(_data.Path, _time, NullLogger<ModelResearchStore>.Instance),
        llm ?? ((prompt, _) =>
        {
            _prompts.Add(prompt);
            return Task.FromResult(LlmAnswer);
        }),
        ResearchTestModels.Snapshot, _time, _logger);

    private ModelResearchFile Stored() => new ModelResearchStore(_data.Path, _time, NullLogger<ModelResearchStore>.Instance).Load();

    [Test]
    public async Task Run_WithEverySourceAnswering_WritesAveragedScoresFromAllOfThem()
    {
        var sut = CreateSut(await ServeAsync());

        var report = await sut.RunAsync(CancellationToken.None);

        var file = Stored();
        var page = _server!.Url("board").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(report.Sources.Select(s => (s.Source, s.Skipped, s.Failed)), Is.EqualTo(new[]
            {
                ("openrouter_catalog", false, false), ("lmarena", false, false), ("artificial_analysis", false, false), ("llm:" + page, false, false),
            }));
            Assert.That(_apiKeys.Single(), Is.EqualTo("secret"));
            Assert.That(file.LastResearch, Is.EqualTo(_time.GetUtcNow()));
            Assert.That(file.Scores["openai/gpt-oss-120b"]["coding"].Source, Is.EqualTo("artificial_analysis+openrouter_catalog"));
            Assert.That(file.Scores["openai/gpt-oss-120b"]["coding"].Score, Is.EqualTo((0.5 + 0.496) / 2).Within(1e-4));
            Assert.That(file.Scores["google/gemma-3-27b-it"]["general"].Source, Is.EqualTo($"llm:{page}+lmarena"));
            Assert.That(file.Scores["google/gemma-3-27b-it"]["writing"].Score, Is.EqualTo(0.9));
            Assert.That(file.Unmatched, Does.Contain(new UnmatchedName("lmarena", "nobody-knows-me")));
            Assert.That(_prompts.Single(), Does.Contain("Gemma 3 27B 1210").And.Not.Contain("x()"));
            Assert.That(_logger.Messages(LogLevel.Information), Has.Some.Contains("nobody-knows-me"));
            Assert.That(new ResearchPriors(file).PriorForTask("google/gemma-3-27b-it:free", "email"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Run_WithoutAnApiKey_SkipsArtificialAnalysisAndSaysWhy()
    {
        var sut = CreateSut(await ServeAsync(apiKey: null));

        var report = await sut.RunAsync(CancellationToken.None);

        var source = report.Sources.Single(s => s.Source == "artificial_analysis");
        Assert.Multiple(() =>
        {
            Assert.That(source.Skipped, Is.True);
            Assert.That(source.Problems.Single(), Does.Contain("ARTIFICIAL_ANALYSIS_API_KEY"));
            Assert.That(_apiKeys, Is.Empty);
            Assert.That(Stored().Scores, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Run_UsesTheArtificialAnalysisKeyConfiguredAtRunTime_NotAtStartUp()
    {
        var sut = CreateSut(await ServeAsync(apiKey: null));

        _configuration[ModelResearcher.ArtificialAnalysisKeyVariable] = "added-later";
        var added = await sut.RunAsync(CancellationToken.None);
        _configuration[ModelResearcher.ArtificialAnalysisKeyVariable] = "rotated";
        _time.Advance(TimeSpan.FromDays(8));
        await sut.RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(added.Sources.Single(s => s.Source == "artificial_analysis").Scores, Is.GreaterThan(0));
            Assert.That(_apiKeys, Is.EqualTo(new[] { "added-later", "rotated" }));
        });
    }

    [TestCase("/api/v1/models", "openrouter_catalog")]
    [TestCase("/arena.csv", "lmarena")]
    [TestCase("/api/v2/data/llms/models", "artificial_analysis")]
    [TestCase("/board", "llm:")]
    public async Task Run_WhenOneSourceAnswers500_RecordsItAndKeepsTheOthers(string path, string source)
    {
        var sut = CreateSut(await ServeAsync());
        _answers[path] = (500, "{\"error\":\"boom\"}");

        var report = await sut.RunAsync(CancellationToken.None);

        var failed = report.Sources.Single(s => s.Source.StartsWith(source, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(failed.Failed, Is.True);
            Assert.That(failed.Problems.Single(), Does.Contain("HTTP 500"));
            Assert.That(report.Sources.Where(s => s != failed).All(s => s.Scores > 0), Is.True);
            Assert.That(_logger.Messages(LogLevel.Warning), Has.Some.Contains("HTTP 500"));
        });
    }

    [TestCase("/api/v1/models", "openrouter_catalog")]
    [TestCase("/arena.csv", "lmarena")]
    [TestCase("/api/v2/data/llms/models", "artificial_analysis")]
    public async Task Run_WhenOneSourceAnswersGarbage_RecordsItAndKeepsTheOthers(string path, string source)
    {
        var sut = CreateSut(await ServeAsync());
        _answers[path] = (200, "<html>Cloudflare says no</html>");

        var report = await sut.RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Sources.Single(s => s.Source == source).Failed, Is.True);
            Assert.That(report.Sources.Where(s => s.Source != source).All(s => s.Scores > 0), Is.True);
        });
    }

    [Test]
    public async Task Run_WhenTheLlmAnswersProseOrThrows_RecordsAProblemForThatPage()
    {
        var options = await ServeAsync();
        LlmAnswer = "Sorry, I cannot read that page.";
        var prose = await CreateSut(options).RunAsync(CancellationToken.None);
        var thrown = await CreateSut(options, (_, _) => throw new HttpRequestException("free-models-per-day")).RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(prose.Sources.Single(s => s.Source.StartsWith("llm:", StringComparison.Ordinal)).Problems.Single(), Does.Contain("no JSON array"));
            Assert.That(thrown.Sources.Single(s => s.Source.StartsWith("llm:", StringComparison.Ordinal)).Problems.Single(), Does.Contain("free-models-per-day"));
            Assert.That(thrown.Sources.Count(s => s.Scores > 0), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Run_WhenEverySourceFails_KeepsThePreviousScores()
    {
        var options = await ServeAsync();
        await CreateSut(options).RunAsync(CancellationToken.None);
        foreach (var path in _answers.Keys)
        {
            _answers[path] = (503, "down");
        }

        _time.Advance(TimeSpan.FromDays(8));
        var report = await CreateSut(options).RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Sources.All(s => s.Failed || s.Skipped), Is.True);
            Assert.That(Stored().Scores.Keys, Does.Contain("openai/gpt-oss-120b"));
            Assert.That(Stored().LastResearch, Is.EqualTo(_time.GetUtcNow()));
        });
    }

    [Test]
    public async Task Run_WhenDisabled_FetchesAndWritesNothing()
    {
        var options = await ServeAsync();
        options.Enabled = false;
        var sut = CreateSut(options);

        var report = await sut.RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Enabled, Is.False);
            Assert.That(sut.IsDue(), Is.False);
            Assert.That(File.Exists(_data.Combine(ModelResearchStore.FileName)), Is.False);
            Assert.That(_prompts, Is.Empty);
        });
    }

    [Test]
    public async Task IsDue_AfterARun_WaitsForTheInterval()
    {
        var sut = CreateSut(await ServeAsync());
        Assert.That(sut.IsDue(), Is.True);

        await sut.RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(167));
        var early = sut.IsDue();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(sut.IsDue(), Is.True);
        });
    }
}
