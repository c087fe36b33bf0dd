namespace Agent42.Core.Agent.Classification;

/// <summary>One word of a task text, where it is, and its stem in the tokenizer's stem buffer.</summary>
/// <param name="Start">Offset of the word in the text.</param>
/// <param name="Length">Length of the word in the text.</param>
/// <param name="StemStart">Offset of its stem in the stem buffer.</param>
/// <param name="StemLength">Length of its stem.</param>
/// <param name="ClauseStart">A comma, full stop, line break or the like comes before it: a new clause begins.</param>
/// <param name="InCode">Inside a code block, inline code or double quotes: pasted or quoted material, not the request.</param>
/// <param name="Extension">Length of a file extension at its end ("sales.csv" has 3), or 0.</param>
/// <param name="Shape">What its spelling says: a code identifier ("getUser", "parse_args") or a folder ("src/").</param>
internal readonly record struct PromptToken(
    int Start, int Length, int StemStart, int StemLength, bool ClauseStart, bool InCode, int Extension, PromptTokenShape Shape);
