using Agent42.Core.Configuration;
using Agent42.Core.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Research;

/// <summary>
/// Gathers benchmark scores from every configured source into <c>model_research.json</c>. Each source may be
/// missing, fail or answer garbage: that is recorded as a problem for that source and the others go on. A run
/// that finds no score at all keeps the previous scores (and still counts as a run, so a dead source is not
/// hammered). The Artificial Analysis key is read from configuration at each run, like the OpenRouter key, so a key
/// set while a long-running host is up is used by its next run.
/// </summary>
internal sealed partial class ModelResearcher(
    HttpClient http,
    ModelResearchOptions options,
    IConfiguration configuration,
    ModelResearchStore store,
    Func<string, CancellationToken, Task<string>> extractScores,
    IEnumerable<(string Id, string CanonicalSlug)> models,
    TimeProvider time,
    ILogger<ModelResearcher> logger,
    OfflineNotice? offline = null)
{
    public const string ArtificialAnalysisKeyVariable = "ARTIFICIAL_ANALYSIS_API_KEY";

    private const int MaxBodyBytes = 32 * 1024 * 1024;
    private readonly ModelNameMatcher _matcher = new(models);
    private readonly OfflineNotice _offline = offline ?? new();
    private readonly BoundedHttpFetch _fetch = new(http, time, options.TimeoutSeconds, "MODEL_RESEARCH_TIMEOUT_SECONDS", MaxBodyBytes, "research reads");

    /// <summary>Whether research is enabled and older than <c>MODEL_RESEARCH_INTERVAL_HOURS</c> (or never ran).</summary>
    public bool IsDue()
    {
        if (!options.Enabled)
        {
            return false;
        }

        var last = store.Load().LastResearch;
        return last is null || time.GetUtcNow() - last.Value >= TimeSpan.FromHours(options.IntervalHours);
    }

    public async Task<ResearchReport> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return ResearchReport.Disabled;
        }

        var now = time.GetUtcNow();
        var reports = new List<SourceReport>();
        var scores = new List<ResearchScore>();
        var unmatched = new List<UnmatchedName>();
        var unreachable = new List<string>();
        var ran = 0;

        async Task RunSource(string source, string? skipReason, Uri? uri, Func<string, Task<SourceParseResult>> parse, IReadOnlyDictionary<string, string>? headers = null)
        {
            if (skipReason is not null)
            {
                reports.Add(new SourceReport(source, true, 0, [skipReason]));
                return;
            }

            SourceParseResult result;
            var offline = false;
            ran++;
            try
            {
                var body = await _fetch.GetStringAsync(uri!, headers, cancellationToken).ConfigureAwait(false);
                result = await parse(body).ConfigureAwait(false);
            }
            catch (HttpFetchException ex)
            {
                result = SourceParseResult.Failed(ex.Message);
                offline = ex.Unreachable;
            }

            scores.AddRange(result.Scores);
            unmatched.AddRange(result.Unmatched.Select(n => new UnmatchedName(source, n)));
            reports.Add(new SourceReport(source, false, result.Scores.Count, result.Problems));
            if (offline)
            {
                // No network says nothing about the source: one brief line for all of them, below.
                unreachable.Add(source);
            }
            else
            {
                foreach (var problem in result.Problems)
                {
                    LogProblem(source, problem);
                }
            }

            if (result.Unmatched.Count > 0)
            {
                LogUnmatched(source, result.Unmatched.Count, string.Join(", ", result.Unmatched.Take(20)));
            }
        }

        await RunSource(CatalogBenchmarksParser.SourceName, null, options.CatalogUri,
            body => Task.FromResult(CatalogBenchmarksParser.Parse(body, _matcher, now))).ConfigureAwait(false);

        await RunSource(LmArenaParser.SourceName, string.IsNullOrWhiteSpace(options.LmArenaUrl) ? "MODEL_RESEARCH_LMARENA_URL is not set" : null,
            string.IsNullOrWhiteSpace(options.LmArenaUrl) ? null : new Uri(options.LmArenaUrl),
            body => Task.FromResult(LmArenaParser.Parse(body, _matcher, now))).ConfigureAwait(false);

        var key = configuration[ArtificialAnalysisKeyVariable];
        await RunSource(ArtificialAnalysisParser.SourceName, string.IsNullOrWhiteSpace(key) ? $"{ArtificialAnalysisKeyVariable} is not set" : null,
            options.ArtificialAnalysisUri, body => Task.FromResult(ArtificialAnalysisParser.Parse(body, _matcher, now)),
            new Dictionary<string, string> { ["x-api-key"] = key ?? string.Empty }).ConfigureAwait(false);

        foreach (var page in options.PageUrls)
        {
            var source = "llm:" + page;
            var uri = Uri.TryCreate(page, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
            await RunSource(source, uri is null ? $"'{page}' in MODEL_RESEARCH_PAGES is not an http(s) URL" : null, uri,
                body => ExtractAsync(source, page, body, now, cancellationToken)).ConfigureAwait(false);
        }

        // Merged into the file as it is now, under its lock: a refresh beside the shell keeps what either gathered.
        var file = store.Update(current => ResearchMerge.Apply(current, scores, unmatched, now));
        if (unreachable.Count > 0 && _offline.First("research"))
        {
            LogOffline(unreachable.Count == ran ? "offline" : $"{string.Join(", ", unreachable)} unreachable");
        }

        if (scores.Count == 0 && unreachable.Count < ran)
        {
            LogNothingFound(file.Scores.Count);
        }

        return new ResearchReport(true, reports, file);
    }

    private async Task<SourceParseResult> ExtractAsync(string source, string page, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string answer;
        try
        {
            answer = await extractScores(LeaderboardPrompt.Build(page, body), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SourceParseResult.Failed($"the extraction call did not answer within {options.TimeoutSeconds} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return SourceParseResult.Failed($"the extraction call failed: {ex.Message}");
        }

        return LlmScoresParser.Parse(answer ?? string.Empty, source, _matcher, now);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model research source {Source}: {Problem}")]
    private partial void LogProblem(string source, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model research source {Source}: {Count} names matched no catalog model: {Names}")]
    private partial void LogUnmatched(string source, int count, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "research: {What}; using the saved scores")]
    private partial void LogOffline(string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model research found no scores; the previous scores for {Models} models are kept")]
    private partial void LogNothingFound(int models);
}
