namespace Agent42.Core.Models.Research;

/// <summary>
/// Names other sources give models that the normalisation rules cannot join to an OpenRouter id (Artificial
/// Analysis orders words differently, LMArena keeps date suffixes). Keys are source names, values OpenRouter ids;
/// an alias whose target is not in the catalog is ignored. Grow it from the <c>unmatched</c> list of the file.
/// </summary>
internal static class ModelAliases
{
    public static IReadOnlyDictionary<string, string> Known { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["llama-3-3-instruct-70b"] = "meta-llama/llama-3.3-70b-instruct",
        ["llama-3-2-instruct-3b"] = "meta-llama/llama-3.2-3b-instruct",
        ["gemma-3-27b"] = "google/gemma-3-27b-it",
        ["gemma-3-12b"] = "google/gemma-3-12b-it",
        ["gemma-3-4b"] = "google/gemma-3-4b-it",
        ["qwen3-coder-480b-a35b-instruct"] = "qwen/qwen3-coder",
        ["qwen3-next-80b-a3b-instruct-2509"] = "qwen/qwen3-next-80b-a3b-instruct",
        ["gpt-oss-120b-high"] = "openai/gpt-oss-120b",
        ["gpt-oss-20b-high"] = "openai/gpt-oss-20b",
        ["hermes-3-llama-3-1-405b-fp8"] = "nousresearch/hermes-3-llama-3.1-405b",
        ["nvidia-nemotron-nano-9b-v2"] = "nvidia/nemotron-nano-9b-v2",
        ["minimax-m2-5-20260211"] = "minimax/minimax-m2.5",
    };
}
