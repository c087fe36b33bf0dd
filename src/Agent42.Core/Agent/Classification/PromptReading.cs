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
        var hits = KeywordFinder.Find(text, tokens, stems, index);
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
                if (t == n || tokens[t].ClauseStart || (TokenWords.IsIn(PromptWords.Conjunctions, tokens, stems, t - 1) && cover[t - 1] < 0 && ClauseReader.IsVerbAt(t, tokens, stems, hits, cover)))
                {
                    var clauseDefect = false;
                    var statement = ClauseReader.Read(clauseStart, t, tokens, stems, hits, cover, places, ref clauseDefect, ref why);
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
            if (TokenWords.IsIn(PromptWords.We, tokens, stems, t))
            {
                return false;
            }
        }

        return text.TrimEnd().EndsWith('?') || TokenWords.IsIn(PromptWords.QuestionWords, tokens, stems, 0);
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

    /// <summary>Coding, debugging and refactoring are one family: a fix to a parser stays debugging.</summary>
    private static int Family(TaskType type) => type is TaskType.Coding or TaskType.Debugging or TaskType.Refactoring ? -1 : (int)type;

    private static bool OnlyFollowUpWords(ReadOnlySpan<PromptToken> tokens, char[] stems)
    {
        var words = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (tokens[t].InCode)
            {
                return false;
            }

            if (!TokenWords.IsIn(PromptWords.FollowUp, tokens, stems, t) && !TokenWords.IsIn(PromptWords.Preamble, tokens, stems, t))
            {
                return false;
            }

            words++;
        }

        return words is > 0 and <= 12;
    }
}
