namespace Agent42.Core.Agent.Classification;

/// <summary>
/// Reads one clause's shape for <see cref="PromptReading"/>: the politeness, the leading verb, its object and the
/// topics and places after it, and the words a negation governs.
/// </summary>
internal static class ClauseReader
{
    /// <summary>
    /// Sets the place of each token of the clause [start, end): its leading verb after the politeness, the verb's
    /// object up to a word like "for", then topics and places; negated words after a negation.
    /// </summary>
    /// <returns>Whether the clause is a statement (no leading verb).</returns>
    public static bool Read(
        int start, int end, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover, TokenPlace[] places,
        ref bool defect, ref bool why)
    {
        var k = start;
        while (k < end && TokenWords.IsIn(PromptWords.Preamble, tokens, stems, k) && !(cover[k] >= 0 && hits[cover[k]].First == k && hits[cover[k]].Entry.Verb != KeywordVerb.None))
        {
            places[k++] = TokenPlace.Free;
        }

        why |= k < end && TokenWords.Stem(tokens, stems, k).SequenceEqual("why");
        var hasVerb = k < end && IsVerbAt(k, tokens, stems, hits, cover);
        var place = TokenPlace.Free;
        if (hasVerb)
        {
            var verbEnd = cover[k] >= 0 && hits[cover[k]].First == k ? hits[cover[k]].Last + 1 : k + 1;
            for (var h = cover[k]; h >= 0 && h < hits.Count && hits[h].First == k; h++)
            {
                var hit = hits[h];
                hit.Leads = hit.Entry.Verb != KeywordVerb.None;
                hits[h] = hit;
            }

            for (; k < verbEnd; k++)
            {
                places[k] = TokenPlace.Verb;
            }

            // Particles of a generic verb ("come up with", "set up") are part of it.
            while (k < end && cover[k] < 0 && TokenWords.IsIn(PromptWords.Particles, tokens, stems, k))
            {
                places[k++] = TokenPlace.Verb;
            }

            var objectEnd = -1;
            while (k < end && !EndsObject(k, tokens, stems, hits, cover) && (cover[k] >= 0 || !TokenWords.IsIn(PromptWords.Negations, tokens, stems, k)))
            {
                var last = cover[k] >= 0 ? Math.Min(hits[cover[k]].Last, end - 1) : k;
                for (; k <= last; k++)
                {
                    places[k] = TokenPlace.Object;
                }

                objectEnd = last;
            }

            if (objectEnd >= 0)
            {
                places[objectEnd] = TokenPlace.ObjectHead;
            }

            place = TokenPlace.Topic;
        }

        var negated = false;
        var subject = false;
        for (; k < end; k++)
        {
            var free = cover[k] < 0;
            if (free && TokenWords.IsIn(PromptWords.Negations, tokens, stems, k))
            {
                negated = true;
                // "my regex doesn't match", "the emails never arrive": a statement that something does not happen.
                defect |= !hasVerb && subject;
            }
            else if (hasVerb && EndsObject(k, tokens, stems, hits, cover))
            {
                place = TokenWords.IsIn(PromptWords.Places, tokens, stems, k) ? TokenPlace.Place : TokenPlace.Topic;
            }

            subject = true;
            places[k] = negated ? TokenPlace.Negated : place;
        }

        return !hasVerb;
    }

    /// <summary>A verb starts at token <paramref name="t"/>: a keyword verb or a generic one.</summary>
    public static bool IsVerbAt(int t, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover) =>
        t < tokens.Length && ((cover[t] >= 0 && hits[cover[t]].First == t && hits[cover[t]].Entry.Verb != KeywordVerb.None) ||
            TokenWords.IsIn(PromptWords.GenericVerbs, tokens, stems, t));

    /// <summary>A word like "for" ends an object, unless it is inside a phrase ("call to action", "how-to").</summary>
    private static bool EndsObject(int t, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover) =>
        (cover[t] < 0 || hits[cover[t]].Count == 1) && TokenWords.IsIn(PromptWords.ObjectEnds, tokens, stems, t);
}
