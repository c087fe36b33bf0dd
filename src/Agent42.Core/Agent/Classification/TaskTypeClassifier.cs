using System.Buffers;
using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// Picks a task's <see cref="TaskType"/> from its text by weighted keywords read in the request's shape, says which
/// words decided, and how sure it is.
/// </summary>
/// <remarks>
/// <para>
/// Rule: the text is split into words (<see cref="PromptTokenizer"/>) matched by stem against
/// <see cref="TaskKeywords"/>, the longest phrase first. Each clause is read as a request: after the politeness
/// ("could you please"), a leading verb of a type decides strongly ("refactor ...", "design ..."); after a generic
/// verb ("write", "draft", "add") the object decides, its last word most ("write a test for the email parser" is
/// coding: "email" comes after "for", a topic); a word after "about", "for", "of" weighs half, one after "in" or
/// "to" (a place) a little more; a state ("crash", "broken") counts wherever it stands; a word after a negation
/// ("don't touch the docs") weighs little; pasted code (between backticks) weighs little and at most 1 per type, so
/// keywords stuffed into a block cannot outvote the request around it. Some verbs defer: "fix", "compare",
/// "summarise", "analyse" give way to an object of another kind ("fix the typo" is documentation). A statement with
/// a negation ("it doesn't start") and a "why" about code point to a defect. Each keyword counts once, at its best
/// place; the highest total wins, a tie going to the type earlier in <see cref="TaskKeywords.Priority"/>.
/// </para>
/// <para>
/// Without evidence, a question (ending in <c>?</c>, or opening with a question word such as "how" or "why") is
/// <see cref="TaskType.Research"/>; anything else is <see cref="TaskType.Content"/>, as text that names no code, data
/// or plan is most likely prose to write. <see cref="TaskClassification.Confidence"/> grows with the winner's total
/// and its lead; a text made only of words that refer back ("now summarise what you found") is unsure whatever it
/// matched, so the shell can let it inherit the previous turn's type.
/// </para>
/// <para>
/// A model could classify later: send a cheap model the task and the list of type names (the JSON names, e.g.
/// <c>data_analysis</c>), ask for one name only, parse it against the enum, and fall back to this classifier when
/// the answer is not exactly one valid name or the call fails; this one stays as the instant, offline default.
/// </para>
/// </remarks>
internal sealed class TaskTypeClassifier
{
    /// <summary>Below this <see cref="TaskClassification.Confidence"/> a classification is unsure.</summary>
    public const double UnsureBelow = 0.35;

    /// <summary>Words read per task: beyond them is pasted material, and the words that ask come first.</summary>
    private const int MaxTokens = 8192;


    private static readonly KeywordIndex Index = new();
    /// <summary>How many task types there are.</summary>
    public static readonly int TypeCount = Enum.GetValues<TaskType>().Length;

    /// <summary>Classifies a task text; never throws on any text, empty included.</summary>
    public TaskClassification Classify(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var tokens = ArrayPool<PromptToken>.Shared.Rent(Math.Min(task.Length / 2 + 1, MaxTokens));
        var stems = ArrayPool<char>.Shared.Rent(task.Length + 1);
        try
        {
            var count = PromptTokenizer.Tokenize(task, tokens, stems);
            // A text that is all material (one quoted sentence) is the request after all.
            if (count > 0 && AllMaterial(tokens.AsSpan(0, count)))
            {
                for (var t = 0; t < count; t++)
                {
                    tokens[t] = tokens[t] with { InCode = false };
                }
            }

            return Decide(task, PromptReading.Read(task, tokens.AsSpan(0, count), stems, Index));
        }
        finally
        {
            ArrayPool<PromptToken>.Shared.Return(tokens);
            ArrayPool<char>.Shared.Return(stems);
        }
    }

    private static bool AllMaterial(ReadOnlySpan<PromptToken> tokens)
    {
        foreach (var token in tokens)
        {
            if (!token.InCode)
            {
                return false;
            }
        }

        return true;
    }

    private static TaskClassification Decide(string task, PromptScores scores)
    {
        var best = -1;
        var second = -1;
        foreach (var type in TaskKeywords.Priority)
        {
            var t = (int)type;
            if (scores.Totals[t] <= 0)
            {
                continue;
            }

            if (best < 0 || scores.Totals[t] > scores.Totals[best])
            {
                second = best;
                best = t;
            }
            else if (second < 0 || scores.Totals[t] > scores.Totals[second])
            {
                second = t;
            }
        }

        if (best < 0)
        {
            return Fallback(task.Trim(), scores.OnlyFollowUpWords);
        }

        var top = scores.Totals[best];
        var runnerUp = second < 0 ? 0 : scores.Totals[second];
        var strength = 1 - Math.Exp(-top / 2.5);
        var lead = (top - runnerUp) / top;
        var confidence = strength * (0.35 + 0.65 * lead);
        if (scores.OnlyFollowUpWords)
        {
            confidence = Math.Min(confidence, 0.2);
        }

        var evidence = scores.EvidenceFor((TaskType)best);
        if (evidence.Count == 0 && best == (int)TaskType.Research)
        {
            // Research by being a question alone: say so, and be as sure, as the fallback.
            var fallback = Fallback(task.Trim(), scores.OnlyFollowUpWords);
            evidence = fallback.Evidence;
            confidence = Math.Max(confidence, fallback.Confidence);
        }

        return new TaskClassification((TaskType)best, evidence)
        {
            Confidence = Math.Round(confidence, 3),
            RunnerUp = second < 0 ? null : (TaskType)second,
        };
    }

    private static TaskClassification Fallback(string task, bool onlyFollowUpWords)
    {
        // Punctuation, emoji, nothing: there is nothing to classify.
        onlyFollowUpWords |= !task.Any(char.IsLetterOrDigit);
        if (task.EndsWith('?'))
        {
            return new TaskClassification(TaskType.Research, ["?"]) { Confidence = onlyFollowUpWords ? 0.1 : 0.4 };
        }

        var firstWord = task.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return PromptWords.QuestionWords.Contains(WordStemmer.Stem(firstWord))
            ? new TaskClassification(TaskType.Research, [firstWord.ToLowerInvariant()]) { Confidence = onlyFollowUpWords ? 0.1 : 0.4 }
            : new TaskClassification(TaskType.Content, []) { Confidence = 0.1 };
    }
}
