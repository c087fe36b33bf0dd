using Agent42.Core.Configuration;
using Agent42.Core.Http;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Catalog;

/// <summary>
/// Keeps the known free models in line with OpenRouter's catalog: fetch <c>{base}/models</c>, read it
/// tolerantly, fold it into <c>model_catalog.json</c>. When the API is unreachable or answers garbage, the cached
/// catalog (or, on a first run, the shipped snapshot) stays in use and the problem is said once.
/// </summary>
internal sealed partial class ModelCatalogSync(
    HttpClient http,
    ModelCatalogOptions options,
    ModelCatalogStore store,
    TimeProvider time,
    ILogger<ModelCatalogSync> logger)
{
    private const int MaxCatalogBytes = 64 * 1024 * 1024;
    private readonly BoundedHttpFetch _fetch = new(http, time, options.TimeoutSeconds, "MODEL_CATALOG_TIMEOUT_SECONDS", MaxCatalogBytes, "a catalog can be");
    private int _fallbackReported;

    /// <summary>The known models: the cache, or the shipped snapshot when there is none yet.</summary>
    public ModelCatalogFile Current()
    {
        var file = store.Load();
        if (file.Models.Count > 0)
        {
            return file;
        }

        var snapshot = ModelCatalogSnapshot.Load();
        var seeded = CatalogMerge.Apply([], snapshot.Models, DateTimeOffset.Parse(ModelCatalogSnapshot.Date, System.Globalization.CultureInfo.InvariantCulture));
        return new ModelCatalogFile(ModelCatalogFile.CurrentSchemaVersion, null, $"snapshot {ModelCatalogSnapshot.Date}", seeded.Models);
    }

    /// <summary>Whether the cached catalog is older than <c>MODEL_CATALOG_REFRESH_HOURS</c>.</summary>
    public bool IsDue()
    {
        var fetched = store.Load().FetchedAt;
        return fetched is null || time.GetUtcNow() - fetched.Value >= TimeSpan.FromHours(options.RefreshHours);
    }

    public async Task<CatalogSyncReport> SyncAsync(CancellationToken cancellationToken)
    {
        var uri = options.ModelsUri;
        ReadOnlyMemory<byte> body;
        try
        {
            body = await _fetch.GetBytesAsync(uri, null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpFetchException ex)
        {
            return Fallback(uri, ex.Message, ex.Unreachable);
        }

        CatalogParseResult parsed;
        try
        {
            parsed = OpenRouterCatalogParser.Parse(body);
        }
        catch (CatalogFormatException ex)
        {
            return Fallback(uri, ex.Message);
        }

        foreach (var skipped in parsed.Skipped)
        {
            LogSkipped(skipped);
        }

        var now = time.GetUtcNow();
        var changes = CatalogChanges.None;
        var models = store.Update(known =>
        {
            var merged = CatalogMerge.Apply(known.Models, parsed.Models, now);
            changes = merged.Changes;
            return new ModelCatalogFile(ModelCatalogFile.CurrentSchemaVersion, now, uri.ToString(), merged.Models);
        }).Models;
        Interlocked.Exchange(ref _fallbackReported, 0);
        return new CatalogSyncReport(true, uri.ToString(), null, parsed.Models.Count + parsed.Skipped.Count, parsed.Skipped, changes, models, now);
    }

    private CatalogSyncReport Fallback(Uri uri, string problem, bool offline = false)
    {
        var current = Current();
        if (Interlocked.Exchange(ref _fallbackReported, 1) == 0)
        {
            if (offline)
            {
                // No network says nothing about the catalog: briefly, as research says it.
                LogOffline(current.Source, current.Models.Count(m => m.IsRoutable));
            }
            else
            {
                LogFallback(problem, current.Source, current.Models.Count(m => m.IsRoutable));
            }
        }

        return new CatalogSyncReport(false, current.FetchedAt is null ? current.Source : $"cache from {current.FetchedAt:yyyy-MM-dd HH:mm} UTC",
            problem, 0, [], CatalogChanges.None, current.Models, current.FetchedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a catalog entry: {Problem}")]
    private partial void LogSkipped(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "catalog: offline; using the {Source} ({Available} free models)")]
    private partial void LogOffline(string source, int available);

    [LoggerMessage(Level = LogLevel.Information, Message = "The model catalog could not be refreshed ({Problem}); using the {Source} ({Available} free models)")]
    private partial void LogFallback(string problem, string source, int available);
}
