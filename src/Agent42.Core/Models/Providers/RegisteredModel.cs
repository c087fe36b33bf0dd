namespace Agent42.Core.Models.Providers;

/// <summary>A model Agent42 can name: from the OpenRouter catalog, or configured for a local OpenAI-compatible server.</summary>
/// <param name="Key">Agent42's key, e.g. <c>or-free-qwen3-coder</c> or <c>local-llama</c>.</param>
/// <param name="ProviderModelId">The id the provider takes, e.g. <c>qwen/qwen3-coder:free</c> or <c>llama3.1:8b</c>.</param>
/// <param name="ContextLength">The context window in tokens, when known.</param>
/// <param name="Tier"><c>free</c> for OpenRouter's free models, <c>local</c> for a local server.</param>
/// <param name="SupportsTools">Whether the model takes tool calls.</param>
/// <param name="SupportsReasoning">Whether the model can return its reasoning.</param>
/// <param name="IsRoutable">Whether it may be routed to now (false when it vanished from the catalog or turned paid).</param>
internal sealed record RegisteredModel(
    string Key,
    string ProviderModelId,
    int? ContextLength,
    string Tier,
    bool SupportsTools,
    bool SupportsReasoning,
    bool IsRoutable)
{
    public const string FreeTier = "free";
    public const string LocalTier = "local";

    /// <summary>
    /// Whether a task needing <paramref name="minContext"/> tokens fits. A model of unknown context fits: local servers
    /// rarely say theirs, and excluding them would leave a user without OpenRouter no model at all.
    /// </summary>
    public bool Fits(int? minContext) => minContext is not { } need || ContextLength is not { } size || size >= need;
}
