namespace Agent42.Core.Models.Catalog;

/// <summary>One entry of OpenRouter's <c>/models</c> catalog, as much of it as routing needs.</summary>
internal sealed record CatalogModel(
    string Id,
    string CanonicalSlug,
    string Name,
    int? ContextLength,
    decimal? PromptPrice,
    decimal? CompletionPrice,
    IReadOnlyList<string> OutputModalities,
    string? Tokenizer,
    IReadOnlyList<string> SupportedParameters)
{
    public bool SupportsTools => SupportedParameters.Contains("tools", StringComparer.Ordinal);

    public bool SupportsReasoning =>
        SupportedParameters.Contains("reasoning", StringComparer.Ordinal) || SupportedParameters.Contains("include_reasoning", StringComparer.Ordinal);

    /// <summary>
    /// Free as routing means it: both prices exactly zero (a negative price means "variable", not free), text
    /// output only (music models are billed per clip), not a router that picks some other model, not an alias.
    /// </summary>
    public bool IsFree =>
        PromptPrice == 0m && CompletionPrice == 0m
        && OutputModalities is ["text"]
        && !string.Equals(Tokenizer, "Router", StringComparison.Ordinal)
        && !Id.StartsWith('~');
}
