using System.ComponentModel.DataAnnotations;
using Agent42.Core.Models.Catalog;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Research;

/// <summary>How benchmark research for routing priors is gathered (<c>data/model_research.json</c>).</summary>
internal sealed class ModelResearchOptions
{
    /// <summary>Whether research runs at all; off, routing learns from outcomes alone.</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_ENABLED")]
    public bool Enabled { get; set; } = true;

    /// <summary>How old research may get before it is gathered again.</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_INTERVAL_HOURS")]
    [Range(1, 8_760, ErrorMessage = "MODEL_RESEARCH_INTERVAL_HOURS must be between 1 and 8760")]
    public int IntervalHours { get; set; } = 168;

    /// <summary>How long each source's fetch (and each LLM extraction) may take.</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "MODEL_RESEARCH_TIMEOUT_SECONDS must be between 1 and 600")]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>OpenRouter's API, whose <c>/models</c> may embed Artificial Analysis indexes.</summary>
    [ConfigurationKeyName("OPENROUTER_BASE_URL")]
    [Url(ErrorMessage = "OPENROUTER_BASE_URL must be an absolute http or https URL")]
    public string OpenRouterBaseUrl { get; set; } = ModelCatalogOptions.DefaultBaseUrl;

    /// <summary>The Artificial Analysis API's base URL.</summary>
    [ConfigurationKeyName("ARTIFICIAL_ANALYSIS_BASE_URL")]
    [Url(ErrorMessage = "ARTIFICIAL_ANALYSIS_BASE_URL must be an absolute http or https URL")]
    public string ArtificialAnalysisBaseUrl { get; set; } = "https://artificialanalysis.ai";

    /// <summary>An LMArena leaderboard table (CSV or JSON rows); without it that source is skipped.</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_LMARENA_URL")]
    [Url(ErrorMessage = "MODEL_RESEARCH_LMARENA_URL must be an absolute http or https URL")]
    public string? LmArenaUrl { get; set; }

    /// <summary>Comma-separated leaderboard page URLs that an LLM reads into scores.</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_PAGES")]
    public string? Pages { get; set; }

    public Uri CatalogUri => new(OpenRouterBaseUrl.TrimEnd('/') + "/models");

    public Uri ArtificialAnalysisUri => new(ArtificialAnalysisBaseUrl.TrimEnd('/') + "/api/v2/data/llms/models");

    public IReadOnlyList<string> PageUrls =>
        (Pages ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
