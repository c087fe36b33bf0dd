namespace Agent42.Core.Models.Research;

/// <summary>The four capabilities research scores are kept for.</summary>
internal static class Capabilities
{
    public const string Coding = "coding";
    public const string Reasoning = "reasoning";
    public const string Writing = "writing";
    public const string General = "general";

    public static IReadOnlyList<string> All { get; } = [Coding, Reasoning, Writing, General];
}
