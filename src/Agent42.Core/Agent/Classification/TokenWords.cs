namespace Agent42.Core.Agent.Classification;

/// <summary>Reads a token's stem out of the tokenizer's stem buffer.</summary>
internal static class TokenWords
{
    /// <summary>Token <paramref name="t"/>'s stem is in <paramref name="set"/>.</summary>
    public static bool IsIn(HashSet<string> set, ReadOnlySpan<PromptToken> tokens, char[] stems, int t) =>
        t >= 0 && t < tokens.Length && set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(Stem(tokens, stems, t));

    /// <summary>Token <paramref name="t"/>'s stem.</summary>
    public static ReadOnlySpan<char> Stem(ReadOnlySpan<PromptToken> tokens, char[] stems, int t) =>
        stems.AsSpan(tokens[t].StemStart, tokens[t].StemLength);
}
