using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>Finds <see cref="TaskKeywords"/> in a tokenized text, for <see cref="PromptReading"/>.</summary>
internal static class KeywordFinder
{
    /// <summary>
    /// The keywords of a tokenized text, in text order: the longest phrase at each word (every type's, when two types
    /// share it), file extensions, and the shapes of error names, identifiers, folders and typos.
    /// </summary>
    public static List<KeywordHit> Find(string text, ReadOnlySpan<PromptToken> tokens, char[] stems, KeywordIndex index)
    {
        var hits = new List<KeywordHit>();
        var i = 0;
        while (i < tokens.Length)
        {
            var token = tokens[i];
            var stem = TokenWords.Stem(tokens, stems, i);
            var matched = 0;
            var extension = token.Extension > 0
                ? index.ForExtension(text.AsSpan(token.Start + token.Length - token.Extension, token.Extension))
                : null;
            if (extension is not null)
            {
                hits.Add(new KeywordHit(i, 1, extension, 1));
            }

            // A file's name says what it is only for documents ("README.md"); "Dashboard.jsx" is code, "sales.csv" data.
            if (extension is null || extension.Type == TaskType.Documentation)
            {
                foreach (var entry in index.StartingWith(stem))
                {
                    if (matched > 0 && entry.Stems.Length < matched)
                    {
                        break;
                    }

                    if (Matches(tokens, stems, i, entry))
                    {
                        matched = entry.Stems.Length;
                        hits.Add(new KeywordHit(i, matched, entry, 1));
                    }
                }
            }

            if (token.Shape == PromptTokenShape.Folder)
            {
                hits.Add(new KeywordHit(i, 1, index.Folder, 1));
            }
            else if (matched == 0 && extension is null)
            {
                var shape = IsErrorName(stem) ? index.ErrorName
                    : token.Shape == PromptTokenShape.Identifier ? index.Identifier
                    : token.InCode ? null
                    : index.TypoOf(stem);
                if (shape is not null)
                {
                    hits.Add(new KeywordHit(i, 1, shape, shape == index.ErrorName || shape == index.Identifier ? 1 : PlaceWeights.Typo));
                }
            }

            i += Math.Max(matched, 1);
        }

        return hits;
    }

    private static bool IsErrorName(ReadOnlySpan<char> stem) =>
        stem.Length > 6 && (stem.EndsWith("error") || stem.EndsWith("exception"));

    private static bool Matches(ReadOnlySpan<PromptToken> tokens, char[] stems, int first, KeywordEntry entry)
    {
        for (var k = 1; k < entry.Stems.Length; k++)
        {
            var t = first + k;
            if (t >= tokens.Length || tokens[t].ClauseStart || tokens[t].InCode != tokens[first].InCode ||
                !TokenWords.Stem(tokens, stems, t).SequenceEqual(entry.Stems[k]))
            {
                return false;
            }
        }

        return true;
    }
}
