namespace Agent42.Core.Models.Providers;

/// <summary>A model call that failed, classified so the caller can cool down and fall back.</summary>
internal sealed class ModelCallException : Exception
{
    public ModelCallException(ModelFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null,
        DateTimeOffset? resetAt = null, string? providerName = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        ResetAt = resetAt;
        ProviderName = providerName;
    }

    public ModelFailureKind Kind { get; }

    public int? StatusCode { get; }

    /// <summary>How long the server asked us to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>When a quota resets (<c>X-RateLimit-Reset</c>), if the server said.</summary>
    public DateTimeOffset? ResetAt { get; }

    /// <summary>The upstream provider OpenRouter named, for model-scoped limits.</summary>
    public string? ProviderName { get; }
}
