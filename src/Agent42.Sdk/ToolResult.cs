namespace Agent42.Sdk;

/// <summary>
/// What a tool hands back to the agent: its output, or an error, and whether it succeeded.
/// </summary>
/// <param name="Output">Text the tool produced; may be empty.</param>
/// <param name="Error">Why the tool failed; empty when it succeeded.</param>
/// <param name="Success">Whether the tool did what it was asked.</param>
public sealed record ToolResult(string Output, string Error, bool Success)
{
    /// <summary>
    /// The text a model sees: the output on success, otherwise <c>Error: </c> followed by the error.
    /// </summary>
    public string Content => Success ? Output : "Error: " + Error;

    /// <summary>Creates a successful result carrying <paramref name="output"/>.</summary>
    /// <param name="output">The text the tool produced.</param>
    /// <returns>A result with <see cref="Success"/> set.</returns>
    public static ToolResult Ok(string output) => new(output ?? string.Empty, string.Empty, true);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">A precise, human-readable reason.</param>
    /// <param name="output">Any partial output worth showing alongside the error.</param>
    /// <returns>A result with <see cref="Success"/> cleared.</returns>
    public static ToolResult Fail(string error, string output = "") =>
        new(output ?? string.Empty, string.IsNullOrEmpty(error) ? "unknown error" : error, false);
}
