namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// A reason to refuse an API in tool code, with its diagnostic code. Rendered as
/// <c>&lt;what&gt; is not allowed in tools: &lt;Why&gt;; &lt;Instead&gt;</c>.
/// </summary>
/// <param name="Code">The A42 diagnostic code.</param>
/// <param name="Title">A short name for the concern, for lists and logs.</param>
/// <param name="Why">Why tools may not do this.</param>
/// <param name="Instead">What a tool should use instead.</param>
internal sealed record ApiConcern(string Code, string Title, string Why, string Instead)
{
    public string Explain(string what) => $"{what} is not allowed in tools: {Why}; {Instead}";
}
