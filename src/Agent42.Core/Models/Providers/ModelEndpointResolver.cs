using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Reads the key at the moment of use, not at start-up, so a key set while the shell runs (in <c>.env</c> reloaded,
/// or in the environment of a later command) is seen. Where the key is sent is fixed at start: a <c>.env</c>
/// rewritten while the host runs (by a shell command the model chose, say) must not redirect the key elsewhere.
/// </summary>
/// <param name="configuration">Where the key and the time-out are read at use.</param>
/// <param name="baseUrl">
/// <c>OPENROUTER_BASE_URL</c> as it was at start-up; when not given, it is read from
/// <paramref name="configuration"/> now, once.
/// </param>
internal sealed class ModelEndpointResolver(IConfiguration configuration, string? baseUrl = null)
{
    public const string ApiKeyVariable = "OPENROUTER_API_KEY";
    public const string BaseUrlVariable = "OPENROUTER_BASE_URL";
    public const string TimeoutVariable = "MODEL_CALL_TIMEOUT_SECONDS";

    /// <summary>The endpoint to call, or a <see cref="MissingApiKeyException"/> saying exactly what to set.</summary>
    private readonly string _baseUrl = (baseUrl ?? configuration[BaseUrlVariable]) is { Length: > 0 } configured
        ? configured
        : ModelCatalogOptions.DefaultBaseUrl;

    public ModelEndpoint Resolve()
    {
        if (!Uri.TryCreate(_baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new MissingApiKeyException($"{BaseUrlVariable} '{_baseUrl}' is not an absolute http or https URL");
        }

        var key = configuration[ApiKeyVariable];
        var isOpenRouter = uri.Host.EndsWith("openrouter.ai", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(key) && isOpenRouter)
        {
            throw new MissingApiKeyException(
                $"no model can be called: set {ApiKeyVariable} (a key from https://openrouter.ai/keys) in the environment or in .env, " +
                $"or point {BaseUrlVariable} at a local OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama");
        }

        var seconds = int.TryParse(configuration[TimeoutVariable], out var s) && s > 0 ? s : 120;
        return new ModelEndpoint(uri, string.IsNullOrWhiteSpace(key) ? null : key, TimeSpan.FromSeconds(seconds));
    }
}
