using Agent42.Core.Models.Catalog;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Models served by a local OpenAI-compatible server (Ollama, llama.cpp, vLLM), named in
/// <c>AGENT42_LOCAL_MODELS</c> as <c>key=provider-id</c> entries separated by commas, semicolons or new lines,
/// e.g. <c>local-llama=llama3.1:8b, local-qwen=qwen2.5-coder:7b</c>.
/// </summary>
/// <remarks>
/// Read tolerantly: a bad entry is skipped with a reason and the rest still count. Tools are assumed supported
/// (the no-tools cooldown corrects that on the first refusal); the context length is unknown.
/// </remarks>
internal static class LocalModels
{
    public const string Variable = "AGENT42_LOCAL_MODELS";

    private static readonly char[] Separators = [',', ';', '\n', '\r'];

    public static LocalModelsParseResult Parse(string? value)
    {
        var models = new List<RegisteredModel>();
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in (value ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Problem(raw, keys) is { } problem)
            {
                problems.Add($"{Variable}: skipped '{raw}': {problem}");
                continue;
            }

            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            var key = raw[..equals].Trim();
            keys.Add(key);
            models.Add(new RegisteredModel(key, raw[(equals + 1)..].Trim(), null, RegisteredModel.LocalTier,
                SupportsTools: true, SupportsReasoning: false, IsRoutable: true));
        }

        return new LocalModelsParseResult(models, problems);
    }

    private static string? Problem(string entry, HashSet<string> keys)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return "expected key=provider-id";
        }

        var key = entry[..equals].Trim();
        var id = entry[(equals + 1)..].Trim();
        return key switch
        {
            "" => "the key is empty",
            _ when id.Length == 0 => "the provider id is empty",
            _ when !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_') => "a key takes only a-z, 0-9, '-', '.' and '_'",
            _ when key.StartsWith(ModelKeys.FreePrefix, StringComparison.Ordinal) => $"keys starting with '{ModelKeys.FreePrefix}' are reserved for OpenRouter's free models",
            _ when id.Any(char.IsWhiteSpace) => "the provider id contains white space",
            _ when keys.Contains(key) => "the key is already used by an earlier entry",
            _ => null,
        };
    }
}
