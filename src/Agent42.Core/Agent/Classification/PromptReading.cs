using System.Buffers;
using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// Reads one tokenized text for <see cref="TaskTypeClassifier"/>: finds the keywords, reads each clause's shape (its
/// leading verb, object, topic and negations), weighs each keyword by its place and adds them up per type.
/// </summary>
internal static class PromptReading
{
    public static PromptScores Read(string text, ReadOnlySpan<PromptToken> tokens, char[] stems, KeywordIndex index)
    {
        var n = tokens.Length;
        var hits = FindHits(text, tokens, stems, index);
        var cover = ArrayPool<int>.Shared.Rent(n + 1);
        var places = ArrayPool<TokenPlace>.Shared.Rent(n + 1);
        try
        {
            Array.Fill(cover, -1, 0, n);
            for (var h = hits.Count - 1; h >= 0; h--)
            {
                for (var t = hits[h].First; t <= hits[h].Last; t++)
                {
                    cover[t] = h;
                }
            }

            var totals = new double[TaskTypeClassifier.TypeCount];
            var defect = false;
            var why = false;
            var clauses = new List<(int Start, int End, bool Statement, bool Defect)>();
            var clauseStart = 0;
            for (var t = 1; t <= n; t++)
            {
                if (t == n || tokens[t].ClauseStart || (IsIn(PromptWords.Conjunctions, tokens, stems, t - 1) && cover[t - 1] < 0 && IsVerbAt(t, tokens, stems, hits, cover)))
                {
                    var clauseDefect = false;
                    var statement = ReadClause(clauseStart, t, tokens, stems, hits, cover, places, ref clauseDefect, ref why);
                    clauses.Add((clauseStart, t, statement, clauseDefect));
                    defect |= clauseDefect;
                    clauseStart = t;
                }
            }

            Weigh(hits, places, tokens, index.ErrorName.Id);
            var stateSaid = WeighDefectStatements(hits, places, clauses, tokens);
            var best = ArrayPool<double>.Shared.Rent(index.All.Length);
            var fromCode = new double[totals.Length];
            var counted = new List<(TaskType Type, int Start, int End)>();
            try
            {
                Array.Clear(best, 0, index.All.Length);
                foreach (var hit in hits)
                {
                    // An error's name is evidence wherever it is pasted: that is what a stack trace is.
                    if (tokens[hit.First].InCode && hit.Entry != index.ErrorName)
                    {
                        var t = (int)hit.Entry.Type;
                        var add = Math.Min(hit.Weight, PlaceWeights.MaxFromCode - fromCode[t]);
                        if (add > 0 && hit.Weight > best[hit.Entry.Id])
                        {
                            fromCode[t] += add;
                            best[hit.Entry.Id] = add;
                            counted.Add((hit.Entry.Type, tokens[hit.First].Start, tokens[hit.Last].Start + tokens[hit.Last].Length));
                        }

                        continue;
                    }

                    if (hit.Weight > best[hit.Entry.Id])
                    {
                        best[hit.Entry.Id] = hit.Weight;
                    }

                    counted.Add((hit.Entry.Type, tokens[hit.First].Start, tokens[hit.Last].Start + tokens[hit.Last].Length));
                }

                for (var e = 0; e < index.All.Length; e++)
                {
                    totals[(int)index.All[e].Type] += best[e];
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(best);
            }

            var codeWork = totals[(int)TaskType.Coding] + totals[(int)TaskType.Debugging] + totals[(int)TaskType.Refactoring];
            if (defect)
            {
                totals[(int)TaskType.Debugging] += PlaceWeights.DefectSignal;
            }

            if (why && codeWork > 0)
            {
                totals[(int)TaskType.Debugging] += PlaceWeights.WhyAboutCode;
            }

            // A present defect beats the code around it: "cargo build fails in parser.rs" is debugging.
            if (stateSaid || defect)
            {
                totals[(int)TaskType.Coding] *= PlaceWeights.CodeAroundADefect;
            }

            if (IsQuestion(text, tokens, stems))
            {
                totals[(int)TaskType.Research] += PlaceWeights.Question;
            }

            return new PromptScores(text, counted, totals, OnlyFollowUpWords(tokens, stems));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cover);
            ArrayPool<TokenPlace>.Shared.Return(places);
        }
    }

    private static List<KeywordHit> FindHits(string text, ReadOnlySpan<PromptToken> tokens, char[] stems, KeywordIndex index)
    {
        var hits = new List<KeywordHit>();
        var i = 0;
        while (i < tokens.Length)
        {
            var token = tokens[i];
            var stem = Stem(tokens, stems, i);
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
                !Stem(tokens, stems, t).SequenceEqual(entry.Stems[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Sets the place of each token of the clause [start, end): its leading verb after the politeness, the verb's
    /// object up to a word like "for", then topics and places; negated words after a negation.
    /// </summary>
    /// <returns>Whether the clause is a statement (no leading verb).</returns>
    private static bool ReadClause(
        int start, int end, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover, TokenPlace[] places,
        ref bool defect, ref bool why)
    {
        var k = start;
        while (k < end && IsIn(PromptWords.Preamble, tokens, stems, k) && !(cover[k] >= 0 && hits[cover[k]].First == k && hits[cover[k]].Entry.Verb != KeywordVerb.None))
        {
            places[k++] = TokenPlace.Free;
        }

        why |= k < end && Stem(tokens, stems, k).SequenceEqual("why");
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
            while (k < end && cover[k] < 0 && IsIn(PromptWords.Particles, tokens, stems, k))
            {
                places[k++] = TokenPlace.Verb;
            }

            var objectEnd = -1;
            while (k < end && !EndsObject(k, tokens, stems, hits, cover) && (cover[k] >= 0 || !IsIn(PromptWords.Negations, tokens, stems, k)))
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
            if (free && IsIn(PromptWords.Negations, tokens, stems, k))
            {
                negated = true;
                // "my regex doesn't match", "the emails never arrive": a statement that something does not happen.
                defect |= !hasVerb && subject;
            }
            else if (hasVerb && EndsObject(k, tokens, stems, hits, cover))
            {
                place = IsIn(PromptWords.Places, tokens, stems, k) ? TokenPlace.Place : TokenPlace.Topic;
            }

            subject = true;
            places[k] = negated ? TokenPlace.Negated : place;
        }

        return !hasVerb;
    }

    /// <summary>
    /// In a statement of a defect ("the chart on the dashboard shows the wrong totals"), the other types' words say
    /// where the defect is, not what to do: they weigh half. Returns whether any defect state was said.
    /// </summary>
    private static bool WeighDefectStatements(
        List<KeywordHit> hits, TokenPlace[] places, List<(int Start, int End, bool Statement, bool Defect)> clauses, ReadOnlySpan<PromptToken> tokens)
    {
        var said = false;
        var first = 0;
        foreach (var (start, end, statement, negationDefect) in clauses)
        {
            // Clauses and hits are both in text order: one sweep.
            while (first < hits.Count && hits[first].First < start)
            {
                first++;
            }

            var last = first;
            var state = negationDefect;
            for (; last < hits.Count && hits[last].First < end; last++)
            {
                var hit = hits[last];
                state |= hit.Entry.Type == TaskType.Debugging && hit.Entry.IsState && places[hit.First] != TokenPlace.Negated && !tokens[hit.First].InCode;
            }

            said |= state;
            if (!statement || !state)
            {
                continue;
            }

            for (var h = first; h < last; h++)
            {
                var hit = hits[h];
                if (hit.Entry.Type != TaskType.Debugging)
                {
                    hit.Weight *= PlaceWeights.InADefectStatement;
                    hits[h] = hit;
                }
            }
        }

        return said;
    }

    /// <summary>Ends with a question mark or opens with a question word, and is not about "we" (that is a plan).</summary>
    private static bool IsQuestion(string text, ReadOnlySpan<PromptToken> tokens, char[] stems)
    {
        if (tokens.Length == 0 || tokens[0].InCode)
        {
            return false;
        }

        for (var t = 0; t < tokens.Length && !tokens[t].InCode; t++)
        {
            if (IsIn(PromptWords.We, tokens, stems, t))
            {
                return false;
            }
        }

        return text.TrimEnd().EndsWith('?') || IsIn(PromptWords.QuestionWords, tokens, stems, 0);
    }

    /// <summary>Gives each hit its weight by its place, then lets a deferring verb give way to an object of another kind.</summary>
    private static void Weigh(List<KeywordHit> hits, TokenPlace[] places, ReadOnlySpan<PromptToken> tokens, int errorNameId)
    {
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            var place = tokens[hit.First].InCode ? TokenPlace.Code : places[hit.First];
            for (var t = hit.First; t <= hit.Last; t++)
            {
                if (places[t] == TokenPlace.ObjectHead)
                {
                    place = TokenPlace.ObjectHead;
                }
            }

            hit.Weight = PlaceWeights.Of(place, hit.Entry, hit.Leads, hit.Entry.Id == errorNameId) * hit.Scale;
            hits[h] = hit;
        }

        for (var v = 0; v < hits.Count; v++)
        {
            var verb = hits[v];
            if (!verb.Leads || verb.Entry.Verb != KeywordVerb.Defers)
            {
                continue;
            }

            var clauseEnd = verb.Last + 1;
            while (clauseEnd < tokens.Length && !tokens[clauseEnd].ClauseStart)
            {
                clauseEnd++;
            }

            // Hits are in text order, and a clause has one leading verb: the scans add up to one pass.
            for (var o = v + 1; o < hits.Count && hits[o].First < clauseEnd; o++)
            {
                var other = hits[o];
                if (other.First > verb.Last && Family(other.Entry.Type) != Family(verb.Entry.Type) &&
                    (places[other.Last] == TokenPlace.ObjectHead || (other.Entry.IsState && places[other.First] != TokenPlace.Negated)))
                {
                    verb.Weight *= PlaceWeights.Deferred;
                    hits[v] = verb;
                    break;
                }
            }
        }
    }

    /// <summary>A word like "for" ends an object, unless it is inside a phrase ("call to action", "how-to").</summary>
    private static bool EndsObject(int t, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover) =>
        (cover[t] < 0 || hits[cover[t]].Count == 1) && IsIn(PromptWords.ObjectEnds, tokens, stems, t);

    /// <summary>Coding, debugging and refactoring are one family: a fix to a parser stays debugging.</summary>
    private static int Family(TaskType type) => type is TaskType.Coding or TaskType.Debugging or TaskType.Refactoring ? -1 : (int)type;

    private static bool IsVerbAt(int t, ReadOnlySpan<PromptToken> tokens, char[] stems, List<KeywordHit> hits, int[] cover) =>
        t < tokens.Length && ((cover[t] >= 0 && hits[cover[t]].First == t && hits[cover[t]].Entry.Verb != KeywordVerb.None) ||
            IsIn(PromptWords.GenericVerbs, tokens, stems, t));

    private static bool OnlyFollowUpWords(ReadOnlySpan<PromptToken> tokens, char[] stems)
    {
        var words = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (tokens[t].InCode)
            {
                return false;
            }

            if (!IsIn(PromptWords.FollowUp, tokens, stems, t) && !IsIn(PromptWords.Preamble, tokens, stems, t))
            {
                return false;
            }

            words++;
        }

        return words is > 0 and <= 12;
    }

    private static bool IsIn(HashSet<string> set, ReadOnlySpan<PromptToken> tokens, char[] stems, int t) =>
        t >= 0 && t < tokens.Length && set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(Stem(tokens, stems, t));

    private static ReadOnlySpan<char> Stem(ReadOnlySpan<PromptToken> tokens, char[] stems, int t) =>
        stems.AsSpan(tokens[t].StemStart, tokens[t].StemLength);
}
