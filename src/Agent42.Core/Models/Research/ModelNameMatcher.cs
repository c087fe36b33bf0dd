namespace Agent42.Core.Models.Research;

/// <summary>
/// Joins the names benchmark sources use to OpenRouter models by exact normalised equality, never by substring:
/// a normalised name is looked up among the canonical slugs first, then the ids, then the alias table. Ids that
/// differ only by <c>:free</c> are one model (same weights) and match as their research key. A name that two
/// different models share at the stage that finds it matches nothing, and is reported as ambiguous.
/// </summary>
internal sealed class ModelNameMatcher
{
    private readonly Dictionary<string, HashSet<string>> _bySlug = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byAlias = new(StringComparer.Ordinal);

    /// <param name="models">The catalog's ids with their canonical slugs.</param>
    /// <param name="aliases">Source names to OpenRouter ids, added to <see cref="ModelAliases.Known"/> (and winning over it).</param>
    public ModelNameMatcher(IEnumerable<(string Id, string CanonicalSlug)> models, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, slug) in models)
        {
            var key = ResearchKey(id);
            keys.Add(key);
            Add(_byId, Normalise(id), key);
            Add(_bySlug, Normalise(string.IsNullOrEmpty(slug) ? id : slug), key);
        }

        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, id) in ModelAliases.Known.Concat(aliases ?? new Dictionary<string, string>()))
        {
            table[Normalise(name)] = id;
        }

        foreach (var (name, id) in table)
        {
            if (keys.Contains(ResearchKey(id)))
            {
                Add(_byAlias, name, ResearchKey(id));
            }
        }
    }

    /// <summary>Lower case, the author prefix and <c>:free</c> dropped, <c>.</c> turned into <c>-</c>.</summary>
    public static string Normalise(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[(slash + 1)..];
        }

        if (text.EndsWith(":free", StringComparison.Ordinal))
        {
            text = text[..^":free".Length];
        }

        return text.Replace('.', '-');
    }

    /// <summary>The key research is stored under: the OpenRouter id without <c>:free</c>.</summary>
    public static string ResearchKey(string id) =>
        id.EndsWith(":free", StringComparison.OrdinalIgnoreCase) ? id[..^":free".Length] : id;

    /// <summary>The research key of the model <paramref name="sourceName"/> names, or null.</summary>
    public string? Match(string sourceName) => Match(sourceName, out _);

    /// <summary>As <see cref="Match(string)"/>; when the name is ambiguous, the candidates it could mean.</summary>
    public string? Match(string sourceName, out IReadOnlyList<string> ambiguousWith)
    {
        ambiguousWith = [];
        var name = Normalise(sourceName);
        if (name.Length == 0)
        {
            return null;
        }

        foreach (var stage in new[] { _bySlug, _byId, _byAlias })
        {
            if (stage.TryGetValue(name, out var candidates))
            {
                if (candidates.Count == 1)
                {
                    return candidates.First();
                }

                ambiguousWith = [.. candidates.Order(StringComparer.Ordinal)];
                return null;
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, HashSet<string>> index, string name, string key)
    {
        if (!index.TryGetValue(name, out var set))
        {
            index[name] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(key);
    }
}
