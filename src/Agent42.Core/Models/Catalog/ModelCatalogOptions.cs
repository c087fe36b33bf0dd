using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Catalog;

/// <summary>How the OpenRouter catalog is fetched and kept.</summary>
internal sealed class ModelCatalogOptions
{
    public const string DefaultBaseUrl = "https://openrouter.ai/api/v1";

    /// <summary>The OpenAI-compatible API's base URL; <c>/models</c> is fetched below it.</summary>
    [ConfigurationKeyName("OPENROUTER_BASE_URL")]
    [Url(ErrorMessage = "OPENROUTER_BASE_URL must be an absolute http or https URL")]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How old the cached catalog may get before the long-running host fetches it again.</summary>
    [ConfigurationKeyName("MODEL_CATALOG_REFRESH_HOURS")]
    [Range(1, 8_760, ErrorMessage = "MODEL_CATALOG_REFRESH_HOURS must be between 1 and 8760")]
    public int RefreshHours { get; set; } = 24;

    /// <summary>How long a catalog fetch may take.</summary>
    [ConfigurationKeyName("MODEL_CATALOG_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "MODEL_CATALOG_TIMEOUT_SECONDS must be between 1 and 600")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The catalog URL: <see cref="BaseUrl"/> with <c>/models</c>.</summary>
    public Uri ModelsUri => new(BaseUrl.TrimEnd('/') + "/models");
}
