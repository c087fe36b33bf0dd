using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// <see cref="TaskKeywords"/> compiled for lookup by a token's stem: the entries that start with each stem, longest
/// phrase first; file extensions; and, for long words, their one-letter typos ("implemnt", "documnet").
/// </summary>
internal sealed class KeywordIndex
{
    /// <summary>Typos are looked for only in words this long: shorter ones are too often another real word.</summary>
    public const int MinTypoLength = 6;

    private readonly Dictionary<string, KeywordEntry[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstStem;
    private readonly Dictionary<string, KeywordEntry>.AlternateLookup<ReadOnlySpan<char>> _byExtension;
    private readonly Dictionary<string, KeywordEntry[]>.AlternateLookup<ReadOnlySpan<char>> _byDeletion;

    public KeywordIndex()
    {
        var entries = new List<KeywordEntry>();
        foreach (var type in TaskKeywords.Priority)
        {
            // Two spellings with one stem ("price", "pricing") are one keyword: the heavier, a verb if either is.
            entries.AddRange(TaskKeywords.ByType[type].Select(spec => KeywordEntry.Parse(type, spec))
                .GroupBy(e => string.Join(' ', e.Stems), StringComparer.Ordinal)
                .Select(g => g.MaxBy(e => e.Weight)! with { Verb = g.Max(e => e.Verb), IsState = g.Any(e => e.IsState) }));
        }

        var extensions = new List<KeywordEntry>();
        foreach (var (type, weight, names) in Extensions)
        {
            extensions.AddRange(names.Select(name => new KeywordEntry(["." + name], type, weight, KeywordVerb.None, IsState: false)));
        }

        var shapes = new[]
        {
            new KeywordEntry(["error name"], TaskType.Debugging, 3, KeywordVerb.None, IsState: true),
            new KeywordEntry(["identifier"], TaskType.Coding, 1, KeywordVerb.None, IsState: false),
            new KeywordEntry(["folder/"], TaskType.Coding, 1.5, KeywordVerb.None, IsState: false),
        };
        All = [.. entries.Concat(extensions).Concat(shapes).Select((e, i) => e with { Id = i })];
        _byFirstStem = All.Take(entries.Count).GroupBy(e => e.Stems[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Stems.Length).ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _byExtension = All.Skip(entries.Count).Take(extensions.Count)
            .ToDictionary(e => e.Stems[0][1..], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        ErrorName = All[^3];
        Identifier = All[^2];
        Folder = All[^1];

        var deletions = new Dictionary<string, List<KeywordEntry>>(StringComparer.Ordinal);
        foreach (var entry in All.Take(entries.Count).Where(e => e.Stems.Length == 1 && e.Stems[0].Length >= MinTypoLength))
        {
            var stem = entry.Stems[0];
            Add(stem, entry);
            for (var i = 0; i < stem.Length; i++)
            {
                Add(stem.Remove(i, 1), entry);
            }
        }

        _byDeletion = deletions.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        void Add(string key, KeywordEntry entry)
        {
            if (!deletions.TryGetValue(key, out var list))
            {
                deletions[key] = list = [];
            }

            if (!list.Contains(entry))
            {
                list.Add(entry);
            }
        }
    }

    /// <summary>Every entry, by <see cref="KeywordEntry.Id"/>.</summary>
    public KeywordEntry[] All { get; }

    /// <summary>A word shaped like an error's name ("TypeError", "IOException").</summary>
    public KeywordEntry ErrorName { get; }

    /// <summary>A code identifier ("getUser", "parse_args"): the text is about code.</summary>
    public KeywordEntry Identifier { get; }

    /// <summary>A folder ("src/"): the text is about the workspace.</summary>
    public KeywordEntry Folder { get; }

    /// <summary>The file extensions that say something about the task, by type.</summary>
    private static (TaskType Type, double Weight, string[] Names)[] Extensions =>
    [
        (TaskType.DataAnalysis, 3, ["csv", "tsv", "xlsx", "xls", "parquet", "ipynb"]),
        (TaskType.Documentation, 2, ["md", "rst", "adoc"]),
        (TaskType.Coding, 1.5, ["py", "cs", "js", "ts", "jsx", "tsx", "go", "rs", "java", "rb", "php", "c", "cpp", "h", "sh", "kt", "swift", "csproj", "sln"]),
        (TaskType.Coding, 0.5, ["json", "yaml", "yml", "toml", "xml", "lock", "env", "ini", "cfg"]),
    ];

    /// <summary>The entries whose first word has this stem, longest phrase first; empty when none.</summary>
    public ReadOnlySpan<KeywordEntry> StartingWith(ReadOnlySpan<char> stem) =>
        _byFirstStem.TryGetValue(stem, out var entries) ? entries : [];

    /// <summary>The entry for a file extension (without its dot), or null.</summary>
    public KeywordEntry? ForExtension(ReadOnlySpan<char> extension)
    {
        Span<char> lower = stackalloc char[Math.Min(extension.Length, 16)];
        if (extension.Length > lower.Length)
        {
            return null;
        }

        extension.ToLowerInvariant(lower);
        return _byExtension.TryGetValue(lower, out var entry) ? entry : null;
    }

    /// <summary>
    /// The one-word entry this stem is a one-letter typo of (a letter missing, extra, wrong or two swapped), with the
    /// same first letter; null when none or when it could be more than one type's.
    /// </summary>
    public KeywordEntry? TypoOf(ReadOnlySpan<char> stem)
    {
        if (stem.Length < MinTypoLength || stem.Length > 40)
        {
            return null;
        }

        KeywordEntry? found = null;
        Span<char> deleted = stackalloc char[stem.Length];
        for (var i = -1; i < stem.Length; i++)
        {
            scoped ReadOnlySpan<char> key = stem;
            if (i >= 0)
            {
                stem[..i].CopyTo(deleted);
                stem[(i + 1)..].CopyTo(deleted[i..]);
                key = deleted[..(stem.Length - 1)];
            }

            if (!_byDeletion.TryGetValue(key, out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.Stems[0][0] != stem[0])
                {
                    continue;
                }

                if (found is not null && found.Type != entry.Type)
                {
                    return null;
                }

                found ??= entry;
            }
        }

        return found;
    }
}
